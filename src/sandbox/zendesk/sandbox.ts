import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { AccountRateLimit, type AccountLimitInput } from './account-limit.js';
import { loadAppSigner, type AppSigner } from './app-signing.js';
import { ZendeskApiError } from './api-error.js';
import { UNCHECKED_PREFIXES, loadContract, type ContractChecker } from './contract/contract.js';
import { recordContractViolation } from './contract/violations.js';
import { FaultInjector } from './faults.js';
import { accountRoutes } from './routes/account.js';
import type { RequestLogEntry, SandboxContext } from './routes/context.js';
import { controlRoutes } from './routes/control.js';
import { dynamicContentRoutes } from './routes/dynamic-content.js';
import { ticketFieldRoutes } from './routes/ticket-fields.js';
import { ticketRoutes } from './routes/tickets.js';
import { triggerRoutes } from './routes/triggers.js';
import { webhookRoutes } from './routes/webhooks.js';
import {
  SANDBOX_API_TOKEN,
  SANDBOX_OAUTH_TOKEN,
  SandboxStore,
  type StoreOptions,
} from './store.js';
import { isoTime } from './store/context.js';
import { loadSnapshot, persistStore } from './store/persistence.js';
import { WebhookDispatcher, type DispatcherOptions } from './webhook-dispatcher.js';

export interface SandboxOptions {
  /** The sandbox's clock (timestamps, rate-limit windows, fault durations). */
  now?: () => number;
  /** Keep state in this JSON file: read at start, written shortly after each change. */
  stateFile?: string | null;
  /** Account API tokens accepted with any active agent's email (`email/token:TOKEN`). */
  apiTokens?: string[];
  /** OAuth access tokens accepted as `Bearer TOKEN`; they act as the sandbox admin. */
  oauthTokens?: string[];
  ticketUpdateLimit?: StoreOptions['ticketUpdateLimit'];
  /** The account-wide API rate limit (off by default; POST /__sandbox/rate-limit changes it). */
  accountLimit?: AccountLimitInput | null;
  /** The account's time zone in its settings (default UTC). */
  timeZone?: StoreOptions['timeZone'];
  webhooks?: DispatcherOptions;
  /**
   * Check every /api/v2 request the service's client sends, and every answer, against Zendesk's
   * OpenAPI contract, recording violations (see contract/violations.ts). Default: on when
   * ZENDESK_CONTRACT_CHECK=1 (the test suite sets it).
   */
  contractCheck?: boolean;
  /** Pause used by `slow` faults (tests may shorten it). */
  sleep?: (ms: number) => Promise<void>;
  logger?: boolean;
}

export interface Sandbox {
  app: FastifyInstance;
  store: SandboxStore;
  faults: FaultInjector;
  accountLimit: AccountRateLimit;
  dispatcher: WebhookDispatcher;
  /** Signs app page loads (signed URLs) with the sandbox's app key. */
  appSigner: AppSigner;
  /** Every /api/v2 request answered, oldest first. */
  requests: RequestLogEntry[];
  /** A fresh account, no faults, empty logs (what POST /__sandbox/reset does). */
  reset(): Promise<void>;
}

const UNAUTHORIZED = { error: "Couldn't authenticate you" };
/** What the service's Zendesk client sends (src/server/zendesk/transport.ts). */
const SERVICE_USER_AGENT = 'zendesk-ces';

let contractChecker: ContractChecker | null = null;
/** Compiled once per process: every sandbox in a test file shares it. */
function sharedContract(): ContractChecker {
  contractChecker ??= loadContract();
  return contractChecker;
}

/** Checks the service's requests before they are handled and every /api/v2 answer. */
function checkContract(app: FastifyInstance): void {
  const contract = sharedContract();
  const checked = (url: string) =>
    url.startsWith('/api/v2') && !UNCHECKED_PREFIXES.some((p) => url.startsWith(p));
  app.addHook('preHandler', async (request) => {
    if (!checked(request.url)) return;
    // Only the service's client: sandbox tests send malformed requests on purpose.
    if (request.headers['user-agent'] !== SERVICE_USER_AGENT) return;
    const problems = contract.checkRequest({
      method: request.method,
      url: request.url,
      body: request.body,
    });
    for (const message of problems) recordContractViolation({ kind: 'request', message });
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!checked(request.url)) return payload;
    let body: unknown;
    if (typeof payload === 'string' && payload !== '') {
      try {
        body = JSON.parse(payload);
      } catch {
        body = payload;
      }
    }
    const problems = contract.checkResponse({
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      responseBody: body,
    });
    for (const message of problems) recordContractViolation({ kind: 'response', message });
    return payload;
  });
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Builds the sandbox Zendesk (not listening). `app.close()` stops webhook deliveries and writes
 * the state file.
 */
export async function buildSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let onChange: () => void = () => undefined;
  let dispatcher: WebhookDispatcher | null = null;
  const store = new SandboxStore({
    now,
    ticketUpdateLimit: options.ticketUpdateLimit,
    timeZone: options.timeZone,
    onChange: () => onChange(),
    onDelivery: (delivery) => dispatcher?.enqueue(delivery),
  });
  dispatcher = new WebhookDispatcher(store, options.webhooks);
  const persistence = options.stateFile ? persistStore(store, options.stateFile) : null;
  if (options.stateFile) {
    const snapshot = loadSnapshot(options.stateFile);
    if (snapshot) store.restore(snapshot);
    // Deliveries cut short by a restart are tried again, as Zendesk's queue would.
    for (const delivery of store.deliveries.pending()) dispatcher.enqueue(delivery);
  }
  if (persistence) onChange = persistence.schedule;

  const apiTokens = options.apiTokens ?? [SANDBOX_API_TOKEN];
  const oauthTokens = options.oauthTokens ?? [SANDBOX_OAUTH_TOKEN];
  const faults = new FaultInjector(now);
  const accountLimit = new AccountRateLimit(now);
  accountLimit.set(options.accountLimit ?? null);
  const ctx: SandboxContext = {
    store,
    faults,
    accountLimit,
    dispatcher,
    requests: [],
    jobs: new Map(),
    reset: async () => undefined,
  };

  const app = Fastify({
    logger: options.logger ? { level: 'info', redact: ['req.headers.authorization'] } : false,
    // Zendesk accepts every path with or without ".json".
    rewriteUrl: (req) => (req.url ?? '/').replace(/\.json(?=$|\?)/, ''),
    bodyLimit: 10 * 1024 * 1024,
  });
  app.decorateRequest('actorId', 0);
  if (options.contractCheck ?? process.env.ZENDESK_CONTRACT_CHECK === '1') checkContract(app);
  const lostResponses = new Set<string>();

  /** The user the credentials belong to, or null (→ 401). */
  function authenticate(request: FastifyRequest): number | null {
    const header = request.headers.authorization ?? '';
    const [scheme, value = ''] = header.split(' ');
    if (scheme === 'Bearer') {
      return oauthTokens.some((t) => sameSecret(t, value)) ? store.admin.id : null;
    }
    if (scheme !== 'Basic') return null;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const user = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    // Password authentication is off in current Zendesk accounts: only `email/token`.
    if (!user.endsWith('/token')) return null;
    if (!apiTokens.some((t) => sameSecret(t, secret))) return null;
    const agent = store.users.byEmail(user.slice(0, -'/token'.length));
    if (!agent || !agent.active || agent.role === 'end-user') return null;
    return agent.id;
  }

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/v2')) return;
    const decision = faults.decide(request.method, path);
    if (decision.kind === 'drop') {
      ctx.requests.push({
        method: request.method,
        path: request.url,
        status: 0,
        at: isoTime(now()),
      });
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    if (decision.kind === 'respond') {
      reply.code(decision.status).headers(decision.headers).send(decision.body);
      return reply;
    }
    // Zendesk counts every request against the account's minute, and says so on every answer.
    const limited = accountLimit.take();
    if (limited) reply.headers(limited.headers);
    if (limited && !limited.allowed) {
      reply.code(429).send({
        error: 'TooManyRequests',
        description: 'You have exceeded the rate limit of this account.',
      });
      return reply;
    }
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.loseResponse) lostResponses.add(request.id);
    const actorId = authenticate(request);
    if (actorId === null) {
      reply.code(401).header('WWW-Authenticate', 'Basic realm="Web Password"').send(UNAUTHORIZED);
      return reply;
    }
    request.actorId = actorId;
  });

  // The handler ran and changed the store; the answer never reaches the client.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (lostResponses.delete(request.id)) {
      ctx.requests.push({
        method: request.method,
        path: request.url,
        status: 0,
        at: isoTime(now()),
      });
      request.raw.socket.destroy();
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!request.url.startsWith('/api/v2')) return;
    ctx.requests.push({
      method: request.method,
      path: request.url,
      status: reply.statusCode,
      at: isoTime(now()),
    });
  });

  app.setErrorHandler((error: FastifyError | ZendeskApiError, request, reply) => {
    if (error instanceof ZendeskApiError) {
      reply.code(error.status).headers(error.headers).send(error.body);
      return;
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status === 500) request.log.error({ err: error }, 'sandbox failure');
    reply.code(status).send({
      error: status === 500 ? 'InternalError' : 'InvalidParameter',
      description: status === 500 ? 'The sandbox failed: see its log.' : error.message,
    });
  });
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ error: 'InvalidEndpoint', description: 'Not found' });
  });

  ticketRoutes(app, ctx);
  ticketFieldRoutes(app, ctx);
  webhookRoutes(app, ctx);
  triggerRoutes(app, ctx);
  dynamicContentRoutes(app, ctx);
  accountRoutes(app, ctx);
  controlRoutes(app, ctx);

  const appSigner = loadAppSigner(options.stateFile);
  // Zendesk serves each app's public key to the account's API users; the sandbox has one key.
  app.get('/api/v2/apps/:appId/public_key.pem', async (_request, reply) =>
    reply.type('application/x-pem-file').send(appSigner.publicPem),
  );

  const running = dispatcher;
  app.addHook('onClose', async () => {
    await running.close();
    await persistence?.flush();
  });

  const reset = async () => {
    await running.idle();
    store.reset();
    faults.clear();
    accountLimit.set(options.accountLimit ?? null);
    ctx.requests.length = 0;
    ctx.jobs.clear();
  };
  ctx.reset = reset;
  return {
    app,
    store,
    faults,
    accountLimit,
    dispatcher: running,
    appSigner,
    requests: ctx.requests,
    reset,
  };
}
