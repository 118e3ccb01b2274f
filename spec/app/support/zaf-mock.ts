import type {
  ZafClient,
  ZafGetResult,
  ZafInit,
  ZafMetadata,
  ZafRequestFailure,
  ZafRequestOptions,
  ZafUser,
} from '../../../src/app/api/zaf-client.js';
import { CAPABILITIES, ROLE_CAPABILITIES, type MeResponse } from '../../../src/shared/access.js';

/** What a test route answers: a body, or a failure as ZAF's proxy reports it. */
export type Reply = { body: unknown } | { fail: ZafRequestFailure } | { pending: true };

export type Route = (options: ZafRequestOptions, url: URL) => Reply | undefined;

export interface MockOptions {
  user?: Partial<ZafUser>;
  settings?: ZafMetadata['settings'];
  data?: Record<string, unknown>;
  routes?: Route[];
  /** What GET /api/v1/me answers; by default ZAF admins are admins and others team leads of every group. */
  me?: MeResponse;
}

/** The service's answer to GET /api/v1/me for a role. */
export function meFor(
  user: { id: number; name: string },
  role: MeResponse['role'],
  reportGroups: MeResponse['reportGroups'] = role === 'agent' ? [] : 'all',
): MeResponse {
  return {
    user,
    role,
    customRole: role === 'team_lead' ? { id: 77, name: 'Team Leader' } : null,
    reportGroups,
    groups: reportGroups === 'all' ? [] : [...reportGroups],
    capabilities: CAPABILITIES.filter((c) => ROLE_CAPABILITIES[role].includes(c)),
  };
}

/**
 * A ZAF client that answers from test data: `get` from `data`, `request` from `routes` (the first
 * route that returns a reply wins; an unrouted URL fails the test loudly), `invoke` is recorded.
 */
export class MockZafClient implements ZafClient {
  readonly requests: ZafRequestOptions[] = [];
  readonly invocations: Array<{ name: string; args: unknown[] }> = [];
  readonly handlers = new Map<string, Array<(payload?: unknown) => void>>();
  routes: Route[];
  user: ZafUser;
  settings: ZafMetadata['settings'];
  data: Record<string, unknown>;
  /** false: the page carries no app session (it was not loaded by Zendesk's signed request). */
  hasSession = true;
  me: MeResponse;

  constructor(options: MockOptions = {}) {
    this.user = { id: 7, name: 'Ada Agent', role: 'agent', locale: 'en-US', ...options.user };
    this.settings = options.settings ?? {};
    this.data = options.data ?? {};
    this.routes = options.routes ?? [];
    this.me =
      options.me ??
      meFor(
        { id: this.user.id, name: this.user.name },
        this.user.role === 'admin' ? 'admin' : 'team_lead',
      );
  }

  /** An init function for <ClientProvider> that registers the app on the next tick. */
  init: ZafInit = (onRegistered) => {
    setTimeout(onRegistered, 0);
    return this as ZafClient;
  };

  async get<T = unknown, K extends string = string>(paths: K | K[]) {
    const list = Array.isArray(paths) ? paths : [paths];
    const result: Record<string, unknown> = {};
    for (const p of list) {
      if (p === 'currentUser') result[p] = this.user;
      else if (p in this.data) result[p] = this.data[p];
    }
    return result as ZafGetResult<T, K>;
  }

  async invoke(name: string, ...args: unknown[]) {
    this.invocations.push({ name, args });
    return {};
  }

  async metadata(): Promise<ZafMetadata> {
    return { settings: this.settings };
  }

  async context() {
    return { location: 'ticket_sidebar' };
  }

  on(event: string, handler: (payload?: unknown) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }

  request<T>(options: ZafRequestOptions): Promise<T> {
    this.requests.push(options);
    const url = new URL(options.url, 'https://acme.zendesk.com');
    const me: Route = (o, u) =>
      (o.type ?? 'GET') === 'GET' && u.pathname === '/api/v1/me' ? ok(this.me) : undefined;
    for (const route of [...this.routes, me]) {
      const reply = route(options, url);
      if (!reply) continue;
      if ('pending' in reply) return new Promise<T>(() => undefined);
      if ('fail' in reply) return Promise.reject(reply.fail);
      return Promise.resolve(reply.body as T);
    }
    return Promise.reject(new Error(`No test route for ${options.type ?? 'GET'} ${options.url}`));
  }

  /** Requests whose path (without query) is `path`. */
  requestsTo(path: string): ZafRequestOptions[] {
    return this.requests.filter(
      (r) => new URL(r.url, 'https://acme.zendesk.com').pathname === path,
    );
  }
}

/** A route for one method and path; `reply` gets the parsed URL. */
export function route(
  method: string,
  path: string | RegExp,
  reply: Reply | ((url: URL, options: ZafRequestOptions) => Reply),
): Route {
  return (options, url) => {
    if ((options.type ?? 'GET') !== method) return undefined;
    const matches = typeof path === 'string' ? url.pathname === path : path.test(url.pathname);
    if (!matches) return undefined;
    return typeof reply === 'function' ? reply(url, options) : reply;
  };
}

export const ok = (body: unknown): Reply => ({ body });
export const fail = (status: number, body?: unknown): Reply => ({
  fail: { status, responseJSON: body, responseText: body ? JSON.stringify(body) : '' },
});
export const pending: Reply = { pending: true };
