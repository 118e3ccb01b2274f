/**
 * The service's configuration. Long (~500 lines) on purpose: one schema-validated module
 * (STYLE.md), so every variable's default, check and error message is found in one place.
 */
import path from 'node:path';
import { DEFAULT_REQUESTS_PER_MINUTE, MAX_REQUESTS_PER_MINUTE } from '../shared/settings.js';

/** Every setting the service reads, validated once at start. */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Where customers and Zendesk reach this service, without a trailing slash. */
  publicUrl: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | null;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  zendesk: {
    subdomain: string;
    /** Base URL of the Zendesk API: https://<subdomain>.zendesk.com unless pointed at the sandbox. */
    apiUrl: string;
    email: string | null;
    apiToken: string | null;
    oauthToken: string | null;
    /** Default API budget per minute (settings may name another): ZENDESK_REQUESTS_PER_MINUTE. */
    requestsPerMinute: number;
    /**
     * The nav bar app's name in agent URLs (/agent/apps/<name>/…): the app's installation name
     * made URL-friendly, as Zendesk does (ZENDESK_APP_NAME; default: the manifest's name).
     */
    appRouteName: string;
  };
  /** Fallback signing secret for the solve webhook when setup has not stored one. */
  webhookSecret: string | null;
  /** HS256 key of the app sessions the service issues after Zendesk's signed page load. */
  sessionKey: string;
  /** The installed Zendesk app whose signed requests (ZAF JWT, RS256) the service accepts. */
  zendeskApp: {
    /** The app's id: the public key is read from /api/v2/apps/{appId}/public_key.pem. */
    appId: number | null;
    /** The installation's id: the ZAF JWT's audience names it. */
    installationId: string;
    /** A pinned public key (PEM); when set, Zendesk is not asked for it. */
    publicKey: string | null;
  };
  /** Folder of the built app pages (sidebar.html, team.html and their scripts). */
  appDir: string;
  /** Run the outbox worker inside this process. */
  worker: boolean;
  /**
   * Proxies in front of the service that append to X-Forwarded-For; the client address (rate
   * limits) is read that many hops from the right. 0: the socket's address, no header trusted.
   */
  trustProxyHops: number;
  /** Connection limits (defaults in HTTP_TIMEOUT_DEFAULTS when absent). */
  http?: HttpTimeouts;
  /** Bearer token a Prometheus scraper sends for GET /metrics; null: /metrics refuses everyone. */
  metricsToken: string | null;
  /** Per-address limits (defaults in RATE_LIMIT_DEFAULTS when absent). */
  rateLimits?: RateLimits;
}

/** Requests per client address and minute; the survey and auth limits hold across all replicas. */
export interface RateLimits {
  /** Survey page requests (GET and POST /s/*): a real visit needs about five. */
  surveyPerMinute: number;
  /** Failed app sign-ins (bad or expired session, refused ZAF JWT), then 429 until the minute ends. */
  authFailuresPerMinute: number;
  /** Unsigned or badly signed webhook deliveries, counted in each replica's memory. */
  webhookFailuresPerMinute: number;
}

export const RATE_LIMIT_DEFAULTS: RateLimits = {
  surveyPerMinute: 120,
  authFailuresPerMinute: 30,
  webhookFailuresPerMinute: 30,
};

export interface HttpTimeouts {
  /** A connection with no bytes moving for this long is closed (idle keep-alive, stalled clients). */
  idleTimeoutMs: number;
  /** The whole request (headers and body) must arrive within this; headers within the smaller of it and 10 s. */
  requestTimeoutMs: number;
}

export const HTTP_TIMEOUT_DEFAULTS: HttpTimeouts = {
  idleTimeoutMs: 30_000,
  requestTimeoutMs: 30_000,
};

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MIN_SECRET_LENGTH = 16;
/** Known only to the local demo: never accepted in production. */
const DEMO_WEBHOOK_SECRET = 'demo-webhook-secret-not-for-production';
const DEMO_SESSION_KEY = 'demo-session-key-not-for-production';
/** The sandbox installs the app as app 1, installation 1. */
const DEMO_APP_ID = 1;
const DEMO_INSTALLATION_ID = '1';

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

type Env = Record<string, string | undefined>;

/** The app's name in manifest.json: what an installation is called unless the admin renames it. */
export const DEFAULT_APP_NAME = 'Customer Effort Score';

/**
 * An installation name as Zendesk puts it in a nav bar app's URL: camel case, spaces and
 * underscores become dashes, in lower case ("Customer Effort Score" → customer-effort-score).
 * https://developer.zendesk.com/apps/docs/support-api/nav_bar — null when the
 * name has characters a URL segment cannot carry as they are.
 */
export function appRouteNameOf(name: string): string | null {
  if (!/^[A-Za-z0-9 _-]{1,100}$/.test(name)) return null;
  const slug = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[\s_-]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  return slug === '' ? null : slug;
}

function read(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function parsePort(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === null) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(
      name,
      `is "${raw}": set it to a whole number from 0 to 65535, e.g. ${name}=3000`,
    );
  }
  return port;
}

function parseUrl(name: string, raw: string, hint: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `is "${raw}", which is not a URL: ${hint}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must start with http:// or https://: ${hint}`);
  }
  return url.toString().replace(/\/+$/, '');
}

function parseSecret(
  env: Env,
  name: string,
  production: boolean,
  demo: string,
  purpose: string,
): string | null {
  const raw = read(env, name);
  if (raw === null) {
    if (production) return null;
    return demo;
  }
  if (production && raw.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      name,
      `is too short: use at least ${MIN_SECRET_LENGTH} random characters (${purpose}).`,
    );
  }
  if (production && raw === demo) {
    throw new ConfigError(name, `is the demo value: set a secret of your own (${purpose}).`);
  }
  return raw;
}

/** Reads and validates the environment; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const rawEnv = read(env, 'NODE_ENV') ?? 'development';
  if (rawEnv !== 'development' && rawEnv !== 'production' && rawEnv !== 'test') {
    throw new ConfigError('NODE_ENV', `is "${rawEnv}": set it to development, production or test.`);
  }
  const production = rawEnv === 'production';

  const port = parsePort(env, 'PORT', 3000);
  const host = read(env, 'HOST') ?? (production ? '0.0.0.0' : '127.0.0.1');

  const rawPublic = read(env, 'PUBLIC_URL');
  if (rawPublic === null && production) {
    throw new ConfigError(
      'PUBLIC_URL',
      'is missing: set it to the https:// address customers and Zendesk use to reach this service.',
    );
  }
  const publicUrl = parseUrl(
    'PUBLIC_URL',
    rawPublic ?? `http://localhost:${port}`,
    'set it to the address of this service, e.g. https://ces.example.com',
  );
  if (production && !publicUrl.startsWith('https://')) {
    throw new ConfigError(
      'PUBLIC_URL',
      'must use https:// in production: survey links carry tokens.',
    );
  }

  const rawDb = read(env, 'DATABASE_URL');
  let databaseUrl: string | null = null;
  if (rawDb !== null) {
    if (!/^postgres(ql)?:\/\//.test(rawDb)) {
      throw new ConfigError(
        'DATABASE_URL',
        'must be a postgres:// or postgresql:// connection string, or unset to use the embedded database.',
      );
    }
    databaseUrl = rawDb;
  }
  const dataDir = path.resolve(read(env, 'CES_DATA_DIR') ?? '.data/pglite');

  const logLevel = (read(env, 'LOG_LEVEL') ??
    (rawEnv === 'test' ? 'silent' : 'info')) as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `is "${logLevel}": use one of ${LOG_LEVELS.join(', ')}.`);
  }

  const subdomain = read(env, 'ZENDESK_SUBDOMAIN') ?? (production ? null : 'sandbox');
  if (subdomain === null) {
    throw new ConfigError(
      'ZENDESK_SUBDOMAIN',
      "is missing: set it to the 'acme' in acme.zendesk.com.",
    );
  }
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(subdomain)) {
    throw new ConfigError(
      'ZENDESK_SUBDOMAIN',
      `is "${subdomain}": give only the 'acme' in acme.zendesk.com.`,
    );
  }
  const rawApi = read(env, 'ZENDESK_API_URL');
  const apiUrl = rawApi
    ? parseUrl('ZENDESK_API_URL', rawApi, 'leave it unset for https://<subdomain>.zendesk.com')
    : production || read(env, 'ZENDESK_SUBDOMAIN') !== null
      ? `https://${subdomain}.zendesk.com`
      : 'http://localhost:3001';
  const email = read(env, 'ZENDESK_EMAIL');
  const apiToken = read(env, 'ZENDESK_API_TOKEN');
  const oauthToken = read(env, 'ZENDESK_OAUTH_TOKEN');
  if (apiToken !== null && email === null) {
    throw new ConfigError(
      'ZENDESK_EMAIL',
      'is missing: an API token needs the email of the agent it belongs to.',
    );
  }
  if (email !== null && apiToken === null && oauthToken === null) {
    throw new ConfigError(
      'ZENDESK_API_TOKEN',
      'is missing: ZENDESK_EMAIL is set, so set the API token of that agent (or ZENDESK_OAUTH_TOKEN).',
    );
  }
  // Outside production the service may start without credentials (its Zendesk calls then fail
  // naming them): `npm start` passes the sandbox's agent in, and most tests bring their own client.
  if (production && apiToken === null && oauthToken === null) {
    throw new ConfigError(
      'ZENDESK_API_TOKEN',
      'is missing: set ZENDESK_EMAIL and ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN.',
    );
  }

  const rawBudget = read(env, 'ZENDESK_REQUESTS_PER_MINUTE');
  const requestsPerMinute = rawBudget === null ? DEFAULT_REQUESTS_PER_MINUTE : Number(rawBudget);
  if (
    !Number.isInteger(requestsPerMinute) ||
    requestsPerMinute < 1 ||
    requestsPerMinute > MAX_REQUESTS_PER_MINUTE
  ) {
    throw new ConfigError(
      'ZENDESK_REQUESTS_PER_MINUTE',
      `is "${rawBudget}": set it to a whole number from 1 to ${MAX_REQUESTS_PER_MINUTE}, well below your plan's limit (Team 200, Growth and Professional 400, Enterprise 700), e.g. 100.`,
    );
  }

  const webhookSecret = parseSecret(
    env,
    'ZENDESK_WEBHOOK_SECRET',
    production,
    DEMO_WEBHOOK_SECRET,
    'the solve webhook signing secret',
  );
  const sessionKey = parseSecret(
    env,
    'CES_SESSION_KEY',
    production,
    DEMO_SESSION_KEY,
    'the key of app sessions',
  );
  if (sessionKey === null) {
    throw new ConfigError(
      'CES_SESSION_KEY',
      'is missing: set it to at least 32 random characters, e.g. the output of `openssl rand -base64 32`.',
    );
  }
  if (production && sessionKey.length < 32) {
    throw new ConfigError(
      'CES_SESSION_KEY',
      'is too short: use at least 32 random characters, e.g. the output of `openssl rand -base64 32`.',
    );
  }
  // One secret, one job: a leak of one must not open what the other guards (docs/survey-links.md).
  if (webhookSecret !== null && webhookSecret === sessionKey) {
    throw new ConfigError(
      'ZENDESK_WEBHOOK_SECRET',
      'is the same value as CES_SESSION_KEY: give each its own random secret (one verifies webhooks, the other signs app sessions).',
    );
  }
  const zendeskApp = parseZendeskApp(env, production);

  // The demo secrets are public: they may only guard a service that nobody else can reach.
  if (!isLoopback(host)) {
    if (webhookSecret === DEMO_WEBHOOK_SECRET) {
      throw new ConfigError(
        'ZENDESK_WEBHOOK_SECRET',
        `is the public demo value while HOST=${host} lets other machines in: set a random secret of your own, or HOST=127.0.0.1.`,
      );
    }
    if (sessionKey === DEMO_SESSION_KEY) {
      throw new ConfigError(
        'CES_SESSION_KEY',
        `is the public demo value while HOST=${host} lets other machines in: set a random key of your own, or HOST=127.0.0.1.`,
      );
    }
  }

  const rawHops = read(env, 'CES_TRUST_PROXY_HOPS');
  const trustProxyHops = rawHops === null ? (production ? 1 : 0) : Number(rawHops);
  if (!Number.isInteger(trustProxyHops) || trustProxyHops < 0 || trustProxyHops > 10) {
    throw new ConfigError(
      'CES_TRUST_PROXY_HOPS',
      `is "${rawHops}": set it to the number of proxies in front of the service (0 to 10), e.g. 1 for one load balancer.`,
    );
  }

  const http = {
    idleTimeoutMs: seconds(
      env,
      'CES_HTTP_IDLE_TIMEOUT_SECONDS',
      HTTP_TIMEOUT_DEFAULTS.idleTimeoutMs,
    ),
    requestTimeoutMs: seconds(
      env,
      'CES_HTTP_REQUEST_TIMEOUT_SECONDS',
      HTTP_TIMEOUT_DEFAULTS.requestTimeoutMs,
    ),
  };
  const rawAppName = read(env, 'ZENDESK_APP_NAME') ?? DEFAULT_APP_NAME;
  const appRouteName = appRouteNameOf(rawAppName);
  if (appRouteName === null) {
    throw new ConfigError(
      'ZENDESK_APP_NAME',
      "is not an app name: give the app's name as installed in Zendesk (letters, digits, spaces, dashes, underscores), e.g. Customer Effort Score.",
    );
  }

  const metricsToken = read(env, 'CES_METRICS_TOKEN');
  if (metricsToken !== null && (metricsToken.length < 16 || /\s/.test(metricsToken))) {
    throw new ConfigError(
      'CES_METRICS_TOKEN',
      'is too short or has spaces: use at least 16 random characters, e.g. the output of `openssl rand -hex 24`, or unset it to turn /metrics off.',
    );
  }
  const rateLimits: RateLimits = {
    surveyPerMinute: perMinute(
      env,
      'CES_RATE_LIMIT_SURVEY_PER_MINUTE',
      RATE_LIMIT_DEFAULTS.surveyPerMinute,
    ),
    authFailuresPerMinute: perMinute(
      env,
      'CES_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE',
      RATE_LIMIT_DEFAULTS.authFailuresPerMinute,
    ),
    webhookFailuresPerMinute: perMinute(
      env,
      'CES_RATE_LIMIT_WEBHOOK_FAILURES_PER_MINUTE',
      RATE_LIMIT_DEFAULTS.webhookFailuresPerMinute,
    ),
  };

  const rawWorker = read(env, 'CES_WORKER') ?? 'true';
  if (rawWorker !== 'true' && rawWorker !== 'false') {
    throw new ConfigError('CES_WORKER', `is "${rawWorker}": set it to true or false.`);
  }

  return {
    env: rawEnv,
    host,
    port,
    publicUrl,
    databaseUrl,
    dataDir,
    logLevel,
    zendesk: {
      subdomain,
      apiUrl,
      // No default: the demo launcher (src/sandbox/main.ts) passes the sandbox's agent in.
      email,
      apiToken,
      oauthToken,
      requestsPerMinute,
      appRouteName,
    },
    webhookSecret,
    sessionKey,
    zendeskApp,
    appDir: path.resolve(read(env, 'CES_APP_DIR') ?? 'dist/app/assets'),
    worker: rawWorker === 'true',
    trustProxyHops,
    http,
    metricsToken,
    rateLimits,
  };
}

/** A whole number of requests per minute per client address, from 1 to 100000. */
function perMinute(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) {
    throw new ConfigError(
      name,
      `is "${raw}": set it to a whole number of requests per minute from 1 to 100000, e.g. ${fallback}.`,
    );
  }
  return value;
}

/** A whole number of seconds from 1 to 600, in ms; `fallbackMs` when unset. */
function seconds(env: Env, name: string, fallbackMs: number): number {
  const raw = read(env, name);
  if (raw === null) return fallbackMs;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 600) {
    throw new ConfigError(
      name,
      `is "${raw}": set it to a whole number of seconds from 1 to 600, e.g. ${fallbackMs / 1000}.`,
    );
  }
  return value * 1000;
}

/** Which Zendesk app installation may open the app pages, and how its signature is checked. */
function parseZendeskApp(env: Env, production: boolean): Config['zendeskApp'] {
  const rawApp = read(env, 'ZENDESK_APP_ID');
  const appId = rawApp === null ? (production ? null : DEMO_APP_ID) : Number(rawApp);
  if (appId !== null && (!Number.isSafeInteger(appId) || appId <= 0)) {
    throw new ConfigError(
      'ZENDESK_APP_ID',
      `is "${rawApp}": set it to the app's id, a whole number (Admin Center > Apps and integrations > Zendesk Support apps, or GET /api/v2/apps/installations.json, field app_id).`,
    );
  }
  const rawInstallation = read(env, 'ZENDESK_APP_INSTALLATION_ID');
  if (rawInstallation === null && production) {
    throw new ConfigError(
      'ZENDESK_APP_INSTALLATION_ID',
      "is missing: set it to the id of this app's installation (GET /api/v2/apps/installations.json, field id).",
    );
  }
  const installationId = rawInstallation ?? DEMO_INSTALLATION_ID;
  if (!/^[1-9]\d{0,18}$/.test(installationId)) {
    throw new ConfigError(
      'ZENDESK_APP_INSTALLATION_ID',
      `is "${rawInstallation}": set it to the installation's id, a whole number.`,
    );
  }
  const rawKey = read(env, 'ZENDESK_APP_PUBLIC_KEY');
  // A PEM in one line of an .env file has its line breaks written as \n.
  const publicKey = rawKey === null ? null : rawKey.replace(/\\n/g, '\n');
  if (
    publicKey !== null &&
    !/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/.test(publicKey)
  ) {
    throw new ConfigError(
      'ZENDESK_APP_PUBLIC_KEY',
      'is not a PEM public key: paste the whole of public_key.pem, from -----BEGIN PUBLIC KEY----- to -----END PUBLIC KEY-----, or unset it to read the key from Zendesk.',
    );
  }
  if (production && appId === null && publicKey === null) {
    throw new ConfigError(
      'ZENDESK_APP_ID',
      "is missing: set it to the app's id so the service can read the app's public key from Zendesk, or set ZENDESK_APP_PUBLIC_KEY.",
    );
  }
  return { appId, installationId, publicKey };
}
