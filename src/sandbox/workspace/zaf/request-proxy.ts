import { SignJWT } from 'jose';
import { z } from 'zod';
import type { AppInstallation, SecureSettingScope } from './app-installation.js';

/** What `client.request(options)` may carry (jQuery-style options, as ZAF accepts them). */
export const appRequestSchema = z.object({
  url: z.string().min(1).max(4000),
  type: z.string().max(10).optional(),
  method: z.string().max(10).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  data: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  contentType: z.union([z.string(), z.literal(false)]).optional(),
  dataType: z.string().optional(),
  secure: z.boolean().optional(),
  cors: z.boolean().optional(),
  timeout: z.number().int().positive().max(120_000).optional(),
  httpCompleteResponse: z.boolean().optional(),
  autoRetry: z.boolean().optional(),
  jwt: z
    .object({
      algorithm: z.string().optional(),
      secret_key: z.string(),
      expiry: z.number().int().positive().max(86_400).optional(),
      claims: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});
export type AppRequest = z.infer<typeof appRequestSchema>;

/** What the host page turns into the SDK's responseArgs. */
export interface ProxyResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

export interface ProxyDeps {
  /** The sandbox Zendesk API that relative URLs (`/api/v2/...`) go to, with the agent's credentials. */
  zendesk: { apiUrl: string; authorization: string };
  now?: () => Date;
  fetch?: typeof fetch;
}

/** Zendesk's proxy uses one hour when the app gives no expiry (a sandbox guess; apps should set it). */
const DEFAULT_JWT_EXPIRY_SECONDS = 3600;
const DEFAULT_TIMEOUT_MS = 15_000;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'set-cookie', 'host']);

/** A request the proxy refuses before sending anything, reported to the app as that status. */
export class ProxyRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const SETTING_PLACEHOLDER = /\{\{\s*setting\.([A-Za-z0-9_.-]+)\s*\}\}/g;

/** Where a placeholder sits in the request, and what the error calls it. */
interface Place {
  scope: SecureSettingScope;
  where: string;
}

/**
 * Fills `{{setting.*}}`. A secure setting is filled in only for `secure: true` requests, and only
 * in the parts of the request its manifest `scopes` name (header, body, url, jwt_secret_key,
 * jwt_claim, ...): https://developer.zendesk.com/documentation/apps/getting-started/setting-up-new-apps/#scopes
 * and "Using secure settings" in
 * https://developer.zendesk.com/documentation/apps/getting-started/making-api-requests-from-a-zendesk-app
 * A secure setting without scopes is filled in anywhere, as Zendesk still does (with a warning).
 */
function substituteSettings(
  text: string,
  installation: AppInstallation,
  secure: boolean,
  place: Place,
): string {
  return text.replace(SETTING_PLACEHOLDER, (_match, name: string) => {
    if (!(name in installation.settings)) {
      throw new ProxyRefusal(
        400,
        `{{setting.${name}}} in ${place.where} names no setting of this app.`,
      );
    }
    if (installation.secureSettings.has(name)) {
      if (!secure) {
        throw new ProxyRefusal(
          403,
          `{{setting.${name}}} is a secure setting: it is only filled in for requests with secure: true.`,
        );
      }
      const scopes = installation.secureScopes.get(name);
      if (scopes && !scopes.has(place.scope)) {
        throw new ProxyRefusal(
          403,
          `{{setting.${name}}} is a secure setting scoped to ${[...scopes].join(', ')}: it is not filled in in ${place.where} (${place.scope}).`,
        );
      }
    }
    return String(installation.settings[name]);
  });
}

function substituteDeep(
  value: unknown,
  installation: AppInstallation,
  secure: boolean,
  place: Place,
): unknown {
  if (typeof value === 'string') return substituteSettings(value, installation, secure, place);
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, installation, secure, place));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        substituteSettings(k, installation, secure, place),
        substituteDeep(v, installation, secure, place),
      ]),
    );
  }
  return value;
}

async function signJwt(
  jwt: NonNullable<AppRequest['jwt']>,
  installation: AppInstallation,
  secure: boolean,
  now: Date,
): Promise<string> {
  const algorithm = jwt.algorithm ?? 'HS256';
  if (algorithm !== 'HS256') {
    throw new ProxyRefusal(
      400,
      `jwt.algorithm ${algorithm} is not supported by the sandbox: use HS256.`,
    );
  }
  if (!secure) {
    throw new ProxyRefusal(
      403,
      'A request with jwt must set secure: true so the key stays on the server.',
    );
  }
  const key = substituteSettings(jwt.secret_key, installation, secure, {
    scope: 'jwt_secret_key',
    where: 'jwt.secret_key',
  });
  if (key === '')
    throw new ProxyRefusal(400, 'jwt.secret_key is empty: set the app setting it names.');
  const claims = substituteDeep(jwt.claims ?? {}, installation, secure, {
    scope: 'jwt_claim',
    where: 'jwt.claims',
  }) as Record<string, unknown>;
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (jwt.expiry ?? DEFAULT_JWT_EXPIRY_SECONDS))
    .sign(new TextEncoder().encode(key));
}

/** A host for a message, unless a secure setting went into the URL (it may be in the host). */
function shownHost(url: URL, template: string, installation: AppInstallation): string {
  const secureFilled = [...template.matchAll(SETTING_PLACEHOLDER)].some(([, name]) =>
    installation.secureSettings.has(name ?? ''),
  );
  return secureFilled ? 'The requested host' : url.host;
}

/**
 * Does what Zendesk's app proxy does for `client.request`: fills `{{setting.*}}` (secure ones only
 * for secure requests and only where their scopes allow), signs the JWT with the secure setting, fills `{{jwt.token}}`, and calls
 * the target; the iframe only ever sees the response.
 */
export async function proxyAppRequest(
  installation: AppInstallation,
  options: AppRequest,
  deps: ProxyDeps,
): Promise<ProxyResponse> {
  const secure = options.secure === true;
  const now = deps.now?.() ?? new Date();
  const token = options.jwt ? await signJwt(options.jwt, installation, secure, now) : null;
  const fill = (text: string, place: Place) => {
    const filled = substituteSettings(text, installation, secure, place);
    if (!filled.includes('{{jwt.token}}')) return filled;
    if (token === null)
      throw new ProxyRefusal(400, `{{jwt.token}} in ${place.where} needs a jwt option.`);
    return filled.split('{{jwt.token}}').join(token);
  };

  const method = (options.type ?? options.method ?? 'GET').toUpperCase();
  const rawUrl = fill(options.url, { scope: 'url', where: 'url' });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const where = `headers.${name}`;
    headers[fill(name, { scope: 'header', where })] = fill(value, { scope: 'header', where });
  }

  let url: URL;
  if (rawUrl.startsWith('/')) {
    // A relative URL is the Zendesk API of this account, called as the signed-in agent.
    url = new URL(rawUrl, deps.zendesk.apiUrl);
    headers.Authorization = deps.zendesk.authorization;
  } else {
    try {
      url = new URL(rawUrl);
    } catch {
      throw new ProxyRefusal(400, `"${options.url}" is not a URL once its settings are filled in.`);
    }
    if (!installation.allowedHosts.has(url.host.toLowerCase())) {
      throw new ProxyRefusal(
        403,
        `${shownHost(url, options.url, installation)} is not in the app's domainWhitelist: add it to manifest.json or the service URL setting.`,
      );
    }
  }

  let body: string | undefined;
  if (options.data !== undefined) {
    // jQuery puts a GET's data into the query string: there it is part of the URL.
    const dataPlace: Place = {
      scope: method === 'GET' || method === 'HEAD' ? 'url' : 'body',
      where: 'data',
    };
    if (typeof options.data === 'string') {
      body = fill(options.data, dataPlace);
    } else {
      const data = substituteDeep(options.data, installation, secure, dataPlace) as Record<
        string,
        unknown
      >;
      if (method === 'GET' || method === 'HEAD') {
        for (const [k, v] of Object.entries(data)) url.searchParams.append(k, String(v));
      } else if (typeof options.contentType === 'string' && options.contentType.includes('json')) {
        body = JSON.stringify(data);
      } else {
        body = new URLSearchParams(
          Object.entries(data).map(([k, v]) => [k, String(v)] as [string, string]),
        ).toString();
      }
    }
  }
  if (body !== undefined && method !== 'GET' && method !== 'HEAD') {
    headers['Content-Type'] ??=
      typeof options.contentType === 'string'
        ? options.contentType
        : 'application/x-www-form-urlencoded; charset=UTF-8';
  } else {
    body = undefined;
  }

  const doFetch = deps.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeout ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'could not connect';
    const body = `${shownHost(url, options.url, installation)} ${reason}.`;
    return { status: 0, statusText: 'error', headers: {}, body };
  }
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) responseHeaders[name] = value;
  });
  return {
    status: response.status,
    statusText: response.statusText,
    headers: responseHeaders,
    body: await response.text(),
  };
}
