import type { FastifyRequest } from 'fastify';
import { ZendeskApiError } from './api-error.js';

/** Zendesk's page size cap for both cursor and offset pagination. */
export const MAX_PAGE_SIZE = 100;

type Query = Record<string, string | undefined>;

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0)
      return parsed.o;
  } catch {
    // fall through
  }
  throw new ZendeskApiError(400, {
    error: 'InvalidPaginationParameter',
    description: 'page[after]/page[before] is not a cursor this endpoint issued.',
  });
}

function pageUrl(
  request: FastifyRequest,
  query: Query,
  changes: Record<string, string | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value !== undefined) params.set(key, value);
  }
  const path = request.url.split('?')[0];
  return `${request.protocol}://${request.host}${path}?${params.toString()}`;
}

/**
 * Answers a list the way Zendesk does: cursor pagination when `page[size]` / `page[after]` is
 * given (`meta.has_more`, `links.next`), otherwise offset pagination (`next_page`, `count`).
 */
export function paginate<T>(
  request: FastifyRequest,
  items: T[],
  key: string,
  options: { cursorOnly?: boolean } = {},
): Record<string, unknown> {
  const query = (request.query ?? {}) as Query;
  const cursorMode =
    options.cursorOnly === true ||
    query['page[size]'] !== undefined ||
    query['page[after]'] !== undefined ||
    query['page[before]'] !== undefined;
  if (cursorMode) {
    const size = Number(query['page[size]'] ?? MAX_PAGE_SIZE);
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw new ZendeskApiError(400, {
        error: 'InvalidPaginationParameter',
        description: `page[size] must be a whole number from 1 to ${MAX_PAGE_SIZE}.`,
      });
    }
    let start = 0;
    if (query['page[after]']) start = decodeCursor(query['page[after]']);
    else if (query['page[before]']) start = Math.max(0, decodeCursor(query['page[before]']) - size);
    const slice = items.slice(start, start + size);
    const end = start + slice.length;
    const hasMore = end < items.length;
    const after = slice.length > 0 ? encodeCursor(end) : null;
    const before = slice.length > 0 ? encodeCursor(start) : null;
    return {
      [key]: slice,
      meta: { has_more: hasMore, after_cursor: after, before_cursor: before },
      links: {
        next:
          hasMore && after
            ? pageUrl(request, query, {
                'page[after]': after,
                'page[before]': undefined,
                'page[size]': String(size),
              })
            : null,
        prev:
          start > 0 && before
            ? pageUrl(request, query, {
                'page[before]': before,
                'page[after]': undefined,
                'page[size]': String(size),
              })
            : null,
      },
    };
  }
  const perPage = Math.min(
    MAX_PAGE_SIZE,
    Math.max(1, Number(query.per_page ?? MAX_PAGE_SIZE) || MAX_PAGE_SIZE),
  );
  const page = Math.max(1, Number(query.page ?? 1) || 1);
  const start = (page - 1) * perPage;
  const slice = items.slice(start, start + perPage);
  return {
    [key]: slice,
    next_page:
      start + perPage < items.length
        ? pageUrl(request, query, { page: String(page + 1), per_page: String(perPage) })
        : null,
    previous_page:
      page > 1
        ? pageUrl(request, query, { page: String(page - 1), per_page: String(perPage) })
        : null,
    count: items.length,
  };
}
