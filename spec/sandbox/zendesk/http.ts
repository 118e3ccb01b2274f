import { SANDBOX_ADMIN_EMAIL, SANDBOX_API_TOKEN } from '../../../src/sandbox/zendesk/store.js';

export const ADMIN_BASIC = `Basic ${Buffer.from(`${SANDBOX_ADMIN_EMAIL}/token:${SANDBOX_API_TOKEN}`).toString('base64')}`;

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** One request to the sandbox as the admin (or with the given Authorization). */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  authorization: string | null = ADMIN_BASIC,
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (authorization) headers.Authorization = authorization;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : {}) as T,
  };
}
