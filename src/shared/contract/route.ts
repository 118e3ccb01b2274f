/**
 * What one /api/v1 route is: its address, its request parts and its answers per status, each a zod
 * schema. The server turns them into Fastify's schemas (json-schema.ts), the handlers and the app
 * take their types from them (RequestOf, ReplyOf), and the OpenAPI document is built from them.
 */
import { z } from 'zod';
import { ApiError } from './common.js';

/** An answer that is not JSON (the CSV exports): documented, not serialized by a schema. */
export interface TextResponse {
  kind: 'text';
  contentType: string;
  description: string;
}

export const csv = (description: string): TextResponse => ({
  kind: 'text',
  contentType: 'text/csv',
  description,
});

export type ResponseContract = z.ZodType | TextResponse;

export interface RouteContract {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under /api/v1, in Fastify's syntax (`/tickets/:id`). */
  url: string;
  tags: readonly string[];
  summary: string;
  description?: string;
  params?: z.ZodObject;
  querystring?: z.ZodObject;
  body?: z.ZodType;
  response: Readonly<Record<number, ResponseContract>>;
}

/** Keeps a route's literal types, so its request and reply types can be read back from it. */
export const route = <const R extends RouteContract>(contract: R): R => contract;

/** Error answers of a route; one that signs in (401) may also refuse repeated failures (429). */
export function errors<const C extends readonly number[]>(
  ...codes: C
): Record<C[number] | 429, typeof ApiError> {
  const all = codes.includes(401) && !codes.includes(429) ? [...codes, 429] : codes;
  return Object.fromEntries(all.map((code) => [code, ApiError])) as Record<
    C[number] | 429,
    typeof ApiError
  >;
}

type Out<S> = S extends z.ZodType ? z.output<S> : never;

/**
 * Fastify's route generic for a contract: what the handler reads after validation (defaults
 * applied), so `limit` with a default is a number, not `number | undefined`.
 */
export type RequestOf<R extends RouteContract> = {
  Params: Out<R['params']>;
  Querystring: Out<R['querystring']>;
  Body: Out<R['body']>;
};

/** The JSON a route answers with at `status`. */
export type ReplyOf<R extends RouteContract, S extends keyof R['response'] = 200> = Out<
  R['response'][S]
>;

/** `true` only when A and B are the same type: the build stops where two must not differ. */
export type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
