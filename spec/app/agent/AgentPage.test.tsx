/** @jest-environment jsdom */
import '../support/dom.js';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NavBar } from '../../../src/app/locations/NavBar.js';
import { parseAppRoute } from '../../../src/app/navigation/app-route.js';
import type { AgentReportResponse, ReportAnswer } from '../../../src/shared/api-types.js';
import {
  AGENT_NAMES,
  metrics,
  report,
  reportAnswer,
  survey,
  answer,
  trend,
} from '../support/fixtures.js';
import { renderApp, text, ZENDESK_LOCALE } from '../support/render.js';
import { fail, MockZafClient, ok, pending, route, type Route } from '../support/zaf-mock.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const now = () => NOW;
/** The machine is loaded: wait for states, not a second. */
const WAIT = { timeout: 15_000 };
const agentLink = async () =>
  (await screen.findAllByRole('link', { name: AGENT_NAMES[301] }, WAIT))[0]!;

function agentReport(overrides: Partial<AgentReportResponse> = {}): AgentReportResponse {
  return {
    agentId: 301,
    agent: { id: 301, name: AGENT_NAMES[301]!, deleted: false },
    filters: { from: '2026-10-25', to: '2026-11-23' },
    scaleId: 'ces2_7',
    scales: [{ scaleId: 'ces2_7', n: 60, firstDay: '2026-10-25', lastDay: '2026-11-23' }],
    timeZone: 'UTC',
    // 24 answers, 3 difficult: 2 named "took too long", 1 named nothing.
    metrics: metrics({ n: 24, difficult: { value: 0.125, low: 0.043, high: 0.31 } }),
    csat: null,
    standing: {
      rank: 2,
      rankBand: { low: 1, high: 3 },
      expectation: 'within',
      shrunkMean: 5.4,
      shrunkEasy: 0.6,
      ranked: 4,
    },
    team: metrics({ n: 60 }),
    ranking: { priorWeight: 10, minAnswers: 5, measure: 'shrunkMean' },
    distributions: [
      {
        scaleId: 'ces2_7',
        counts: [1, 2, 3, 4, 5, 6, 7].map((score) => ({ score, count: score === 7 ? 10 : 2 })),
      },
    ],
    trend: trend(),
    drivers: [{ driver: 'took_too_long', count: 2, share: { value: 2 / 3, low: 0.2, high: 0.94 } }],
    ...overrides,
  };
}

function page(items: ReportAnswer[], nextCursor: string | null = null) {
  return ok({ items, nextCursor });
}

function client(locale: 'en' | 'nl', routes: Route[]) {
  return new MockZafClient({
    user: { locale: ZENDESK_LOCALE[locale], role: 'admin' },
    routes: [
      ...routes,
      route('GET', '/api/v1/report', ok(report())),
      route('GET', '/api/v2/groups.json', ok({ groups: [], meta: { has_more: false } })),
      route('GET', '/api/v2/brands.json', ok({ brands: [], meta: { has_more: false } })),
    ],
  });
}

describe('app routes', () => {
  it.each([
    ['agents/12', { view: 'agent', agentId: 12 }],
    ['agents/12/tickets/34', { view: 'agent', agentId: 12, ticketId: 34 }],
    ['/agents/12/tickets/34?x=1', { view: 'agent', agentId: 12, ticketId: 34 }],
    ['agents/0', { view: 'team' }],
    ['agents/abc', { view: 'team' }],
    ['agents/99999999999999999999', { view: 'team' }],
    ['', { view: 'team' }],
    [undefined, { view: 'team' }],
  ])('reads %p', (raw, view) => {
    expect(parseAppRoute(raw)).toEqual(view);
  });
});

describe.each(['en', 'nl'] as const)('agent page in %s', (locale) => {
  const t = (key: string, vars?: Record<string, string | number>) => text(locale, key, vars);

  it('opens from the team table with the same filters, shows the figures, and goes back', async () => {
    const user = userEvent.setup();
    const zaf = client(locale, [
      route('GET', '/api/v1/agents/301/report', ok(agentReport())),
      route('GET', '/api/v1/agents/301/answers', page([reportAnswer()], 'next-1')),
    ]);
    renderApp(zaf, <NavBar now={now} />);
    const link = await agentLink();
    await user.click(link);
    const agentPage = await screen.findByTestId('agent-page', {}, WAIT);
    await within(agentPage).findByRole('heading', {
      name: t('agent.title', { name: AGENT_NAMES[301]! }),
    });
    // The team page's filters, passed on as they are.
    const [reportCall] = zaf.requestsTo('/api/v1/report');
    const [agentCall] = zaf.requestsTo('/api/v1/agents/301/report');
    const params = (u: string) => new URL(u, 'https://x').searchParams;
    expect(params(agentCall!.url).get('from')).toBe(params(reportCall!.url).get('from'));
    expect(params(agentCall!.url).get('to')).toBe(params(reportCall!.url).get('to'));
    // Standing as a band, and the reason's denominator.
    expect(
      await within(agentPage).findByText(t('agent.summary.rankOf', { rank: '1–3', of: '4' })),
    ).toBeInTheDocument();
    expect(agentPage).toHaveTextContent(text(locale, 'team.drivers.unnamed.one', { count: '1' }));
    // Answers: how many of how many, the ticket link, the comment as text.
    expect(
      await within(agentPage).findByText(t('agent.answers.shown', { shown: '1', total: '24' })),
    ).toBeInTheDocument();
    expect(agentPage.querySelector('script')).toBeNull();
    await user.click(
      within(agentPage).getByRole('link', { name: t('common.ticketLink', { id: 777 }) }),
    );
    expect(zaf.invocations).toContainEqual({ name: 'routeTo', args: ['ticket', 777] });
    // Keyset paging: the cursor goes back unchanged.
    await user.click(within(agentPage).getByRole('button', { name: t('agent.answers.more') }));
    await waitFor(() => expect(zaf.requestsTo('/api/v1/agents/301/answers')).toHaveLength(2));
    expect(params(zaf.requestsTo('/api/v1/agents/301/answers')[1]!.url).get('cursor')).toBe(
      'next-1',
    );
    // Back to the team page, as it was.
    await user.click(within(agentPage).getByRole('button', { name: new RegExp(t('agent.back')) }));
    expect(screen.queryByTestId('agent-page')).toBeNull();
    expect(await agentLink()).toBeVisible();
  });

  it("opens from a note link (app.route.changed) with that ticket's answer marked", async () => {
    const zaf = client(locale, [
      route('GET', '/api/v1/agents/301/report', ok(agentReport())),
      route(
        'GET',
        '/api/v1/agents/301/answers',
        page([reportAnswer({ ticketId: 555, surveyId: 1 }), reportAnswer()]),
      ),
      route(
        'GET',
        '/api/v1/tickets/555',
        ok({
          ticketId: 555,
          survey: survey({ ticketId: 555, answer: answer({ score: 2 }) }),
          skip: null,
          earlier: [],
        }),
      ),
    ]);
    renderApp(zaf, <NavBar now={now} />);
    await agentLink();
    act(() => {
      for (const handler of zaf.handlers.get('app.route.changed') ?? []) {
        handler({ appRoute: 'agents/301/tickets/555' });
      }
    });
    const agentPage = await screen.findByTestId('agent-page', {}, WAIT);
    await within(agentPage).findByRole('heading', { name: t('agent.linked.title') });
    await waitFor(() =>
      expect(agentPage.querySelectorAll('[aria-current="true"]')).toHaveLength(2),
    );
    for (const marked of agentPage.querySelectorAll('[aria-current="true"]')) {
      expect(marked).toHaveTextContent(t('common.ticketLink', { id: 555 }));
    }
  });

  it('shows loading, then an error with a retry, and an empty state', async () => {
    const user = userEvent.setup();
    let answerWith: 'pending' | 'fail' | 'empty' = 'pending';
    const zaf = client(locale, [
      route('GET', '/api/v1/agents/301/report', () =>
        answerWith === 'pending'
          ? pending
          : answerWith === 'fail'
            ? fail(500, { error: 'internal', message: 'x' })
            : ok(agentReport({ metrics: metrics({ n: 0, sent: 0, means: [] }), drivers: [] })),
      ),
      route('GET', '/api/v1/agents/301/answers', page([])),
    ]);
    renderApp(zaf, <NavBar now={now} />);
    await user.click(await agentLink());
    const agentPage = await screen.findByTestId('agent-page', {}, WAIT);
    expect(within(agentPage).getByRole('status')).toHaveTextContent(t('common.loading'));
    answerWith = 'fail';
    await user.click(within(agentPage).getByRole('button', { name: new RegExp(t('agent.back')) }));
    await user.click(await agentLink());
    const again = await screen.findByTestId('agent-page', {}, WAIT);
    expect(await within(again).findByRole('alert')).toHaveTextContent(t('common.errors.title'));
    answerWith = 'empty';
    await user.click(within(again).getByRole('button', { name: t('common.actions.retry') }));
    expect(await within(again).findByText(t('agent.empty'))).toBeInTheDocument();
  });
});
