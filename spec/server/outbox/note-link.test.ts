import { appRouteNameOf, loadConfig } from '../../../src/server/config.js';
import { answerLink } from '../../../src/server/outbox/jobs/write-back-answer.js';

describe("the internal note's link to the answer", () => {
  it.each([
    ['Customer Effort Score', 'customer-effort-score'],
    ['CustomerEffortScore', 'customer-effort-score'],
    ['ces_app', 'ces-app'],
    ['CES', 'ces'],
  ])('names the app %p in URLs as Zendesk does: %p', (name, slug) => {
    expect(appRouteNameOf(name)).toBe(slug);
  });

  it.each(['', 'a/b', 'x?y=1', '<script>', 'é'])('refuses %p as an app name', (name) => {
    expect(appRouteNameOf(name)).toBeNull();
  });

  it("points at the agent's page in the nav bar app, with the ticket's answer", () => {
    const { zendesk } = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://ces.example.com',
      DATABASE_URL: 'postgres://db/ces',
      ZENDESK_SUBDOMAIN: 'acme',
      ZENDESK_EMAIL: 'admin@acme.example',
      ZENDESK_API_TOKEN: 'token-token-token',
      CES_SESSION_KEY: 'a-long-enough-session-key-value-0123456789',
      ZENDESK_WEBHOOK_SECRET: 'a-long-enough-webhook-secret',
      ZENDESK_APP_ID: '42',
      ZENDESK_APP_INSTALLATION_ID: '4242',
    });
    expect(answerLink(zendesk, { assignee_id: 12, ticket_id: 345 })).toBe(
      'https://acme.zendesk.com/agent/apps/customer-effort-score/agents/12/tickets/345',
    );
    // Without an assignee there is no agent page: the ticket's sidebar shows the answer.
    expect(answerLink(zendesk, { assignee_id: null, ticket_id: 345 })).toBeNull();
  });

  it('follows the installation name the admin gave, and refuses one that cannot be a URL', () => {
    const base = { NODE_ENV: 'test' };
    expect(loadConfig({ ...base, ZENDESK_APP_NAME: 'Effort Board' }).zendesk.appRouteName).toBe(
      'effort-board',
    );
    expect(() => loadConfig({ ...base, ZENDESK_APP_NAME: 'effort/board' })).toThrow(
      /ZENDESK_APP_NAME/,
    );
  });
});
