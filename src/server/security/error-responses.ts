/**
 * What error responses may say. A request can carry a secret it was never meant to hold (a proxy
 * filling in `{{setting.*}}`, a survey token in a mistyped link), so an error never repeats the
 * request's path, query or body: it names fields in the words of our schemas and quotes nothing.
 */
import type { FastifyError } from 'fastify';
import type { ApiError } from '../../shared/api-types.js';

/** The 404 of the whole service: the same words whatever was asked for. */
export const NOT_FOUND: ApiError = {
  error: 'not_found',
  message:
    'Nothing is at this address for this method: check the link, or GET /api/v1/openapi.json for the API.',
};

/** Fastify's own request errors, in fixed words (its texts are allowed to quote the request). */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'The address is not a valid URL: check its percent-encoding.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'This Content-Type is not accepted: send JSON with Content-Type: application/json.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON: send one JSON document.',
  FST_ERR_CTP_EMPTY_JSON_BODY:
    'The body is empty although Content-Type says JSON: send a JSON document.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The body is too large for this service: send less.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body: send it unchanged.',
  FST_ERR_CTP_INVALID_TYPE: 'The Content-Type header is not valid: send application/json.',
};

const STATUS_MESSAGES: Record<number, string> = {
  400: 'The request is not valid: check it against the API description.',
  404: NOT_FOUND.message,
  405: 'This method is not allowed here.',
  413: FRAMEWORK_MESSAGES.FST_ERR_CTP_BODY_TOO_LARGE!,
  415: FRAMEWORK_MESSAGES.FST_ERR_CTP_INVALID_MEDIA_TYPE!,
};

function isFrameworkError(error: FastifyError): boolean {
  return error.code?.startsWith('FST_') === true || error instanceof SyntaxError;
}

/** A fixed message for an error Fastify (or a parser) raised about the request. */
export function frameworkErrorMessage(error: FastifyError, status: number): string {
  return (
    FRAMEWORK_MESSAGES[error.code] ??
    STATUS_MESSAGES[status] ??
    'The request could not be handled: check it against the API description.'
  );
}

/**
 * One schema violation per line of the message, its field taken from the schema path (a record's
 * keys, which come from the request, read as `*`) and its reason from the schema ("must be string").
 */
export function validationMessage(error: FastifyError): string {
  const context = error.validationContext ?? 'request';
  const problems = (error.validation ?? []).map((problem) => {
    const field = fieldOfSchemaPath(problem.schemaPath);
    return `${context}${field ? `/${field}` : ''} ${problem.message ?? 'is not valid'}`;
  });
  return problems.length > 0 ? problems.join(', ') : `${context} is not valid`;
}

/** `Settings#/properties/questionOverrides/additionalProperties/type` → `questionOverrides/*`. */
function fieldOfSchemaPath(schemaPath: string): string {
  const segments = (schemaPath.split('#')[1] ?? '').split('/').filter(Boolean);
  const field: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === 'properties' && i + 1 < segments.length) field.push(segments[++i]!);
    else if (segment === 'additionalProperties') field.push('*');
    else if (segment === 'patternProperties') {
      field.push('*');
      i++;
    } else if (segment === 'items') field.push('*');
  }
  return field.join('/');
}

/**
 * The message of a 4xx: ours are written not to quote the request; Fastify's and the parsers'
 * get fixed words; a schema violation names the field by the schema.
 */
export function clientErrorMessage(error: FastifyError, status: number): string {
  if (error.validation) return validationMessage(error);
  if (isFrameworkError(error)) return frameworkErrorMessage(error, status);
  return error.message;
}

/** Every property name the schemas declare: the only keys an error message may repeat. */
export function collectFieldNames(schema: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) collectFieldNames(item, into);
  } else if (schema !== null && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value !== null && typeof value === 'object') {
        for (const name of Object.keys(value)) into.add(name);
      }
      collectFieldNames(value, into);
    }
  }
  return into;
}
