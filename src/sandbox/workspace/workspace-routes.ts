import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ZendeskApiError } from '../zendesk/api-error.js';
import { SANDBOX_CUSTOM_ROLES, type TicketStatus, type UserRecord } from '../zendesk/records.js';
import { SANDBOX_ADMIN_EMAIL, type SandboxStore } from '../zendesk/store.js';
import type { TicketChanges } from '../zendesk/store/ticket-changes.js';
import { browserScript } from './browser/browser-scripts.js';
import {
  DEMO_NOTE_PATH,
  renderPage,
  sendPage,
  STYLESHEET_PATH,
  WORKSPACE_SCRIPT_PATH,
} from './pages/layout.js';
import { renderChatPage, type ChatDelivery } from './pages/chat-page.js';
import { renderEmailPage, renderOutbox } from './pages/outbox-page.js';
import { NAV_BAR_FRAME_ID, renderTeamPage } from './pages/team-page.js';
import { renderTicketList } from './pages/ticket-list.js';
import { renderTicketView, SIDEBAR_FRAME_ID, TICKET_FLASH } from './pages/ticket-view.js';
import { html } from '../../shared/html.js';
import type { AppSigner } from '../zendesk/app-signing.js';
import type { AppInstallation } from './zaf/app-installation.js';
import { hostConfig, hostedApp } from './zaf/hosted-app.js';
import { accountData, currentUserData, ticketData, ticketFieldsData } from './zaf/zaf-data.js';
import { zafRoutes } from './zaf/zaf-routes.js';
import type { ProxyDeps } from './zaf/request-proxy.js';

export interface WorkspaceOptions {
  store: SandboxStore;
  subdomain: string;
  /** The installed CES app; null shows pages that say how to build it. */
  app: AppInstallation | null;
  /** Where relative `client.request` URLs go (this sandbox's API) and as whom. */
  zendesk: ProxyDeps['zendesk'];
  /** The agent the workspace is signed in as (default: the sandbox admin). */
  agentEmail?: string;
  /** Signs the page loads of an app with `signedUrls` (the sandbox's app key). */
  appSigner?: AppSigner;
  /** A fixed origin for app iframes (default: the page host's twin, localhost ↔ 127.0.0.1). */
  appOrigin?: string;
  /** A note every page shows while it is not null (the demo seeding its older weeks). */
  demoNote?: () => string | null;
}

/**
 * The cookie naming the agent the workspace shows (a "view as" switcher sets it): the signed app
 * page loads carry this user's id as `sub`. Without it, the configured agent (the admin).
 */
export const CURRENT_USER_COOKIE = 'sandbox_user_id';

/** The value of one cookie in a request, or null. */
function cookie(request: FastifyRequest, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

const ROUTES = { ticket: '/workspace/tickets/{id}', nav_bar: '/workspace/team' };
/** Path segments an app route may carry: letters, digits, dashes, underscores, slashes. */
const APP_ROUTE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+){0,9}$/;
const ACTION_STATUSES: readonly TicketStatus[] = ['open', 'solved', 'closed'];

function positiveInt(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function notFoundPage(reply: FastifyReply, what: string): FastifyReply {
  return sendPage(
    reply,
    renderPage({
      title: 'Not found',
      section: 'none',
      body: html`<h1>Not found</h1>
        <p>${what} <a href="/workspace/tickets">Back to the tickets</a>.</p>`,
    }),
    404,
  );
}

/**
 * The sandbox agent workspace: ticket list and view (with the app in ticket_sidebar), the team
 * page (nav_bar), and the email outbox. Pages are rendered here with every value escaped.
 */
export async function workspaceRoutes(
  app: FastifyInstance,
  options: WorkspaceOptions,
): Promise<void> {
  const { store } = options;
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    await app.register(formbody);
  }
  await app.register(zafRoutes, {
    installations: options.app ? [options.app] : [],
    zendesk: options.zendesk,
  });

  // Workspace changes and the app proxy only take requests from the workspace's own pages.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' || !request.url.startsWith('/workspace/')) return;
    const site = request.headers['sec-fetch-site'];
    if (site === undefined || site === 'same-origin' || site === 'none') return;
    return reply
      .status(403)
      .type('text/plain; charset=utf-8')
      .send('The sandbox workspace only accepts changes from its own pages.');
  });

  const stylesheet = readFileSync(path.join(__dirname, 'browser', 'workspace.css'), 'utf8');
  /** Who is signed in to the workspace: the "view as" cookie's agent, else the configured one. */
  const agent = (request?: FastifyRequest): UserRecord => {
    const chosen = request ? positiveInt(cookie(request, CURRENT_USER_COOKIE)) : null;
    const user = chosen === null ? null : store.users.find(chosen);
    if (user && user.active && user.role !== 'end-user') return user;
    return store.users.byEmail(options.agentEmail ?? SANDBOX_ADMIN_EMAIL) ?? store.admin;
  };
  /** The signed page-load token of a location, when the app asks for signed URLs. */
  const signedToken = async (
    request: FastifyRequest,
    location: string,
  ): Promise<string | undefined> => {
    if (!options.app?.signedUrls || !options.appSigner) return undefined;
    return options.appSigner.signPageLoad({
      subdomain: options.subdomain,
      installationId: options.app.installationId,
      userId: agent(request).id,
      location,
    });
  };
  const roleLabel = (u: UserRecord): string => {
    if (u.role === 'admin') return 'admin';
    const custom = SANDBOX_CUSTOM_ROLES.find((r) => r.id === u.custom_role_id);
    return custom ? custom.name : 'agent';
  };
  /** "View as": the agents to choose from, and who the workspace is signed in as now. */
  const viewAs = (request: FastifyRequest) => ({
    currentId: agent(request).id,
    choices: agents().map((u) => ({ id: u.id, label: `${u.name} (${roleLabel(u)})` })),
  });
  const agents = () =>
    store.users
      .list()
      .filter((u) => u.role !== 'end-user' && u.active)
      .sort((a, b) => a.name.localeCompare(b.name));
  const common = (request: FastifyRequest) => ({
    currentUser: currentUserData(store, agent(request)),
    currentAccount: accountData(options.subdomain),
    ticketFields: ticketFieldsData(store),
  });

  app.get(STYLESHEET_PATH, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('Cache-Control', 'no-cache').send(stylesheet),
  );
  app.get(WORKSPACE_SCRIPT_PATH, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .send(browserScript('workspace')),
  );

  if (!app.hasRoute({ method: 'GET', url: '/' })) {
    app.get('/', async (_request, reply) => reply.redirect('/workspace/tickets'));
  }
  app.get('/workspace', async (_request, reply) => reply.redirect('/workspace/tickets'));
  // The demo's note (seeding progress), fetched by the pages' script: null once there is none.
  app.get(DEMO_NOTE_PATH, async (_request, reply) =>
    reply.header('Cache-Control', 'no-store').send({ note: options.demoNote?.() ?? null }),
  );
  // Zendesk's own agent URLs (links in internal notes, apps opening a ticket) land in the workspace.
  app.get('/agent/tickets/:id', async (request, reply) =>
    reply.redirect(`/workspace/tickets/${positiveInt((request.params as { id: string }).id) ?? 0}`),
  );
  // A nav bar app's URL: /agent/apps/<app-name>/<segments>; the segments reach the app as the
  // appRoute of app.route.changed, as Zendesk documents for nav bar apps (docs/reports.md).
  app.get('/agent/apps/*', async (request, reply) => {
    const rest = (request.params as { '*': string })['*'];
    const route = rest.split('/').slice(1).join('/');
    return reply.redirect(
      APP_ROUTE.test(route)
        ? `/workspace/team?app_route=${encodeURIComponent(route)}`
        : '/workspace/team',
    );
  });

  app.get('/workspace/tickets', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    return sendPage(
      reply,
      renderTicketList(store, {
        status: query.status ?? null,
        page: positiveInt(query.page) ?? 1,
      }),
    );
  });

  app.get('/workspace/tickets/:id', async (request, reply) => {
    const id = positiveInt((request.params as { id: string }).id);
    const ticket = id === null ? null : store.tickets.find(id);
    if (!ticket) return notFoundPage(reply, 'There is no such ticket in the sandbox.');
    const flash = (request.query as { done?: string }).done ?? null;
    const host = options.app
      ? hostConfig(
          [
            hostedApp(options.app, {
              location: 'ticket_sidebar',
              frameId: SIDEBAR_FRAME_ID,
              subdomain: options.subdomain,
              context: { ticketId: ticket.id },
              data: { ticket: ticketData(store, ticket), ...common(request) },
              appOrigin: options.appOrigin,
              signedToken: await signedToken(request, 'ticket_sidebar'),
            }),
          ],
          ROUTES,
        )
      : null;
    return sendPage(
      reply,
      renderTicketView(store, {
        ticket,
        agents: agents(),
        flash: flash && flash in TICKET_FLASH ? flash : null,
        host,
      }),
    );
  });

  /** Applies a workspace click through the store, so triggers fire exactly as for the API. */
  const change = (
    reply: FastifyReply,
    rawId: string,
    changes: TicketChanges | null,
    done: string,
  ): FastifyReply => {
    const id = positiveInt(rawId);
    if (id === null || !store.tickets.find(id)) {
      return notFoundPage(reply, 'There is no such ticket in the sandbox.');
    }
    if (changes === null) {
      return sendPage(
        reply,
        renderPage({
          title: 'Bad request',
          section: 'none',
          body: html`<h1>That change is not possible</h1>
            <p>
              The form sent a value the sandbox does not know.
              <a href="/workspace/tickets/${id}">Back to the ticket</a>.
            </p>`,
        }),
        400,
      );
    }
    try {
      store.tickets.update(id, changes, { actorId: agent(reply.request).id });
    } catch (error) {
      if (!(error instanceof ZendeskApiError)) throw error;
      reply.log.warn({ status: error.status, body: error.body }, 'workspace change refused');
      const closed = JSON.stringify(error.body).includes('closed prevents ticket update');
      return reply.redirect(
        `/workspace/tickets/${id}?done=${closed ? 'refused_closed' : 'refused'}`,
        303,
      );
    }
    return reply.redirect(`/workspace/tickets/${id}?done=${done}`, 303);
  };

  app.post('/workspace/tickets/:id/status', async (request, reply) => {
    const status = (request.body as { status?: string } | undefined)?.status as TicketStatus;
    const valid = ACTION_STATUSES.includes(status);
    return change(reply, (request.params as { id: string }).id, valid ? { status } : null, status);
  });

  app.post('/workspace/tickets/:id/assignee', async (request, reply) => {
    const assigneeId = positiveInt(
      (request.body as { assignee_id?: string } | undefined)?.assignee_id,
    );
    const assignee = assigneeId === null ? null : store.users.find(assigneeId);
    const changes =
      assignee && assignee.role !== 'end-user'
        ? {
            assignee_id: assignee.id,
            ...(assignee.default_group_id ? { group_id: assignee.default_group_id } : {}),
          }
        : null;
    return change(reply, (request.params as { id: string }).id, changes, 'reassigned');
  });

  app.post('/workspace/tickets/:id/satisfaction', async (request, reply) => {
    const score = (request.body as { score?: string } | undefined)?.score;
    const valid = score === 'good' || score === 'bad' || score === 'offered';
    return change(
      reply,
      (request.params as { id: string }).id,
      valid ? { satisfaction_rating: { score, comment: null } } : null,
      'rated',
    );
  });

  app.get('/workspace/team', async (request, reply) => {
    const route = (request.query as Record<string, string | undefined>).app_route;
    const host = options.app
      ? hostConfig(
          [
            hostedApp(options.app, {
              location: 'nav_bar',
              frameId: NAV_BAR_FRAME_ID,
              subdomain: options.subdomain,
              data: common(request),
              appOrigin: options.appOrigin,
              ...(route !== undefined && APP_ROUTE.test(route) ? { route } : {}),
              signedToken: await signedToken(request, 'nav_bar'),
            }),
          ],
          ROUTES,
        )
      : null;
    return sendPage(reply, renderTeamPage(host, viewAs(request)));
  });

  app.post('/workspace/view-as', async (request, reply) => {
    const body = request.body as { user_id?: string; back?: string } | undefined;
    const id = positiveInt(body?.user_id);
    const user = id === null ? null : store.users.find(id);
    if (!user || user.role === 'end-user') {
      return notFoundPage(reply, 'There is no such agent in the sandbox.');
    }
    // The cookie names the workspace's user; the redirect reloads the page, so the app's signed
    // page load (and ZAF's currentUser) names that user from now on.
    const back = body?.back === '/workspace/tickets' ? body.back : '/workspace/team';
    return reply
      .header('Set-Cookie', `${CURRENT_USER_COOKIE}=${user.id}; Path=/; HttpOnly; SameSite=Lax`)
      .redirect(back, 303);
  });

  // A stand-in for a Slack or Teams incoming webhook: kept in memory, shown on /workspace/chat.
  const chat: ChatDelivery[] = [];
  app.post('/workspace/chat-receiver', async (request, reply) => {
    if (chat.length >= 500) chat.shift();
    chat.push({
      id: (chat.at(-1)?.id ?? 0) + 1,
      receivedAt: new Date().toISOString(),
      body: request.body,
    });
    // Slack answers "ok" as text; Teams answers 1 (or 200 with an empty body).
    return reply.type('text/plain; charset=utf-8').send('ok');
  });
  app.get('/workspace/chat-receiver', async () => ({ deliveries: chat }));
  app.get('/workspace/chat', async (_request, reply) => sendPage(reply, renderChatPage(chat)));

  app.get('/workspace/outbox', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    return sendPage(
      reply,
      renderOutbox(store, {
        ticketId: positiveInt(query.ticket),
        page: positiveInt(query.page) ?? 1,
      }),
    );
  });

  app.get('/workspace/outbox/:id', async (request, reply) => {
    const id = positiveInt((request.params as { id: string }).id);
    const email = id === null ? undefined : store.emails.list().find((e) => e.id === id);
    if (!email) return notFoundPage(reply, 'There is no such email in the outbox.');
    return sendPage(reply, renderEmailPage(store, email));
  });

  // The HTML part alone, framed by the outbox: no script, inline styles only, nothing fetched.
  app.get('/workspace/outbox/:id/html', async (request, reply) => {
    const id = positiveInt((request.params as { id: string }).id);
    const email = id === null ? undefined : store.emails.list().find((e) => e.id === id);
    if (!email) return notFoundPage(reply, 'There is no such email in the outbox.');
    return reply
      .type('text/html; charset=utf-8')
      .header(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'self'",
      )
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      .header('Cache-Control', 'no-store')
      .send(email.html_body);
  });
}
