/** @jest-environment jsdom */
import '../support/dom.js';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TicketSidebar } from '../../../src/app/locations/TicketSidebar.js';
import type {
  AnswerView,
  SendSurveyRequest,
  SurveyView,
  TicketSurveyResponse,
} from '../../../src/shared/api-types.js';
import {
  AGENT_ID,
  agentSummary,
  answer,
  REQUESTER_ID,
  skip,
  survey,
  TICKET_ID,
  ticketData,
  ticketSurvey,
} from '../support/fixtures.js';
import { catalogs, dateTime, renderApp, text, ZENDESK_LOCALE } from '../support/render.js';
import { fail, MockZafClient, ok, pending, route, type Route } from '../support/zaf-mock.js';

const SERVICE = 'https://ces.example.com';

function sidebarClient(
  locale: 'en' | 'nl',
  ticket: TicketSurveyResponse | Route,
  extra: { data?: Record<string, unknown>; routes?: Route[] } = {},
) {
  const ticketRoute =
    typeof ticket === 'function'
      ? ticket
      : route('GET', `/api/v1/tickets/${TICKET_ID}`, ok(ticket));
  return new MockZafClient({
    user: { locale: ZENDESK_LOCALE[locale] },
    data: ticketData(extra.data),
    routes: [
      ...(extra.routes ?? []),
      ticketRoute,
      route(
        'GET',
        `/api/v1/requesters/${REQUESTER_ID}`,
        ok({ requesterId: REQUESTER_ID, items: [], nextCursor: null }),
      ),
      route('GET', `/api/v1/agents/${AGENT_ID}/summary`, (url) =>
        ok(agentSummary(url.searchParams.get('days')!.split(',').map(Number))),
      ),
    ],
  });
}

describe.each(['en', 'nl'] as const)('ticket sidebar in %s', (locale) => {
  const t = (key: string, vars?: Record<string, string | number>) => text(locale, key, vars);

  /** A mean as the sidebar shows it: one decimal, in the reader's locale. */
  const num = (v: number) =>
    new Intl.NumberFormat(ZENDESK_LOCALE[locale], {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    }).format(v);

  /** The sidebar of a ticket with no survey, its agent's figures as `summary` says. */
  const showAgentSummary = (summary: ReturnType<typeof agentSummary>) =>
    renderApp(
      sidebarClient(locale, ticketSurvey(null), {
        routes: [route('GET', `/api/v1/agents/${AGENT_ID}/summary`, ok(summary))],
      }),
      <TicketSidebar />,
    );

  /** The sidebar of a ticket whose survey was answered: this answer, this write-back. */
  const showAnswered = (given: AnswerView, writeback: SurveyView['writeback']) =>
    renderApp(
      sidebarClient(locale, ticketSurvey(survey({ status: 'answered', answer: given, writeback }))),
      <TicketSidebar />,
    );

  it('shows a loading state while the service has not answered', async () => {
    const client = sidebarClient(locale, route('GET', `/api/v1/tickets/${TICKET_ID}`, pending));
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.sections.ticket'))).toBeInTheDocument();
    expect(screen.getAllByRole('status')[0]).toHaveTextContent(t('common.loading'));
  });

  it('says no survey was sent on an open ticket, and when one will go out', async () => {
    const client = sidebarClient(locale, ticketSurvey(null));
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.state.notSent'))).toBeInTheDocument();
    expect(screen.getByText(t('sidebar.state.notSentOpen'))).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t('sidebar.send.now') })).toBeInTheDocument();
  });

  it('says no survey was sent on a solved ticket and offers to send one', async () => {
    const client = sidebarClient(locale, ticketSurvey(null), {
      data: { 'ticket.status': 'solved' },
    });
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.state.notSentSolved'))).toBeInTheDocument();
  });

  it('shows a skipped survey with the rule that skipped it', async () => {
    const client = sidebarClient(locale, ticketSurvey(null, skip()));
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.state.skipped'))).toBeInTheDocument();
    expect(screen.getByText(t('sidebar.skip.throttled'))).toBeInTheDocument();
    expect(screen.getByText('Surveyed on ticket 99 four days ago')).toBeInTheDocument();
  });

  it('shows a sent survey with when it went out and until when it is open', async () => {
    const client = sidebarClient(locale, ticketSurvey(survey()));
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.state.sent'))).toBeInTheDocument();
    expect(screen.getByText(t('sidebar.fields.sent'))).toBeInTheDocument();
    expect(screen.getByText(t('sidebar.fields.closes'))).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t('sidebar.send.resend') })).toBeInTheDocument();
  });

  it('shows a survey being prepared', async () => {
    const client = sidebarClient(
      locale,
      ticketSurvey(survey({ status: 'pending', publishedAt: null, origin: 'manual' })),
    );
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.state.pending'))).toBeInTheDocument();
    expect(screen.getByText(t('sidebar.origin.manual'))).toBeInTheDocument();
  });

  it('shows an answer: score with label and scale, band, driver, comment as text, write-back', async () => {
    const { container } = showAnswered(
      answer({ comment: '<img src=x onerror="alert(1)"> took ages' }),
      { status: 'done', at: '2026-11-21T09:33:00Z' },
    );
    const score = `2/7 · ${text(locale, 'scales.ces2_7.labels.2')}`;
    expect(await screen.findByText(score)).toBeInTheDocument();
    expect(screen.getByText(t('common.bands.difficult'))).toBeInTheDocument();
    expect(screen.getByText(text(locale, 'drivers.transferred'))).toBeInTheDocument();
    // The customer's text is shown as text; nothing in it becomes markup.
    expect(screen.getByText('<img src=x onerror="alert(1)"> took ages')).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(t('sidebar.fields.writeback'))).toBeInTheDocument();
    expect(
      screen.getByText(
        t('sidebar.writeback.done', { when: dateTime(locale, '2026-11-21T09:33:00Z') }),
      ),
    ).toBeInTheDocument();
  });

  it('marks an edited answer and a ticket closed before write-back', async () => {
    showAnswered(
      answer({
        edited: true,
        updatedAt: '2026-11-22T08:00:00Z',
        driver: null,
        comment: null,
      }),
      { status: 'ticket_closed', at: null },
    );
    expect(await screen.findByText(t('sidebar.writeback.ticket_closed'))).toBeInTheDocument();
    expect(screen.getByText(t('sidebar.fields.edited'))).toBeInTheDocument();
    expect(screen.getByText(t('sidebar.answer.noDriver'))).toBeInTheDocument();
    expect(screen.getByText(t('sidebar.answer.noComment'))).toBeInTheDocument();
  });

  it('shows an answer still waiting for write-back', async () => {
    showAnswered(answer(), { status: 'pending', at: null });
    expect(await screen.findByText(t('sidebar.writeback.pending'))).toBeInTheDocument();
  });

  it('says when the answer could not be written to the ticket, and what to do', async () => {
    showAnswered(answer(), { status: 'failed', at: null });
    expect(await screen.findByText(t('sidebar.writeback.failed'))).toBeInTheDocument();
  });

  it('shows a survey replaced by a newer one', async () => {
    const client = sidebarClient(locale, ticketSurvey(survey({ status: 'superseded' })));
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.state.superseded'))).toBeInTheDocument();
  });

  it('explains an error and recovers with "try again"', async () => {
    let calls = 0;
    const client = sidebarClient(
      locale,
      route('GET', `/api/v1/tickets/${TICKET_ID}`, () =>
        ++calls === 1
          ? fail(401, { error: 'unauthorized', message: 'signature' })
          : ok(ticketSurvey(null)),
      ),
    );
    renderApp(client, <TicketSidebar />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(t('common.errors.unauthorized'));
    await userEvent.click(within(alert).getByRole('button', { name: t('common.actions.retry') }));
    expect(await screen.findByText(t('sidebar.state.notSent'))).toBeInTheDocument();
    // The other sections come back with it.
    expect(await screen.findByText(t('sidebar.history.empty'))).toBeInTheDocument();
    expect(await screen.findByText(t('sidebar.agent.period', { days: 30 }))).toBeInTheDocument();
  });

  it('says once, not per section, when the service cannot be reached', async () => {
    const client = new MockZafClient({
      user: { locale: ZENDESK_LOCALE[locale] },
      data: ticketData(),
      routes: [route('GET', /^\/api\/v1\//, fail(0))],
    });
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByRole('alert')).toHaveTextContent(t('common.errors.unreachable'));
    // No time to wait for: the session's call was the only one and it has failed, so no section
    // has a call of its own still to fail.
    expect(client.requests.map((r) => new URL(r.url).pathname)).toEqual(['/api/v1/me']);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.queryByText(t('sidebar.sections.requester'))).toBeNull();
  });

  it('sends a survey after a confirm, naming only the ticket, and re-reads the state', async () => {
    let sent: SendSurveyRequest | null = null;
    let created = false;
    const client = sidebarClient(
      locale,
      route('GET', `/api/v1/tickets/${TICKET_ID}`, () =>
        ok(ticketSurvey(created ? survey({ status: 'pending', origin: 'manual' }) : null)),
      ),
      {
        routes: [
          route('POST', `/api/v1/tickets/${TICKET_ID}/survey`, (_url, options) => {
            sent = JSON.parse(options.data ?? 'null') as SendSurveyRequest;
            created = true;
            return ok({
              outcome: 'created',
              survey: survey({ status: 'pending', origin: 'manual' }),
            });
          }),
        ],
      },
    );
    renderApp(client, <TicketSidebar />);
    await userEvent.click(await screen.findByRole('button', { name: t('sidebar.send.now') }));
    expect(screen.getByText(t('sidebar.send.confirm'))).toBeInTheDocument();
    // The confirm button has focus, so a keyboard user confirms with Enter.
    const confirm = screen.getByRole('button', { name: t('sidebar.send.yes') });
    expect(confirm).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByText(t('sidebar.send.createdTitle'))).toBeInTheDocument();
    // Who gets the credit is the service's to read from Zendesk, not the app's to say.
    expect(sent).toEqual({});
    expect(await screen.findByText(t('sidebar.state.pending'))).toBeInTheDocument();
  });

  it('offers no resend on a closed ticket and says why', async () => {
    const client = sidebarClient(locale, ticketSurvey(survey()), {
      data: { 'ticket.status': 'closed' },
    });
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.send.closed'))).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t('sidebar.send.resend') })).toBeNull();
    expect(screen.queryByRole('button', { name: t('sidebar.send.now') })).toBeNull();
  });

  it('keeps earlier answers visible after a resend, saying which one counts', async () => {
    const older = survey({ id: 71, status: 'replaced', answer: answer({ score: 2 }) });
    const counted = survey({
      id: 72,
      status: 'answered',
      answer: answer({ score: 6, band: 'easy', driver: null, comment: 'Quick this time' }),
    });
    const current = survey({ id: 73, status: 'sent', origin: 'manual', answer: null });
    const client = sidebarClient(locale, ticketSurvey(current, null, [counted, older]));
    renderApp(client, <TicketSidebar />);
    const history = await screen.findByRole('region', { name: t('sidebar.earlier.title') });
    expect(await screen.findByText(t('sidebar.state.sent'))).toBeInTheDocument();
    const items = within(history).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Quick this time');
    expect(items[0]).toHaveTextContent(t('sidebar.earlier.counted'));
    expect(items[1]).toHaveTextContent(t('sidebar.earlier.replaced'));
    expect(items[1]).toHaveTextContent(t('common.bands.difficult'));
  });

  it('says why a later solve sent no new survey', async () => {
    const client = sidebarClient(
      locale,
      ticketSurvey(survey(), skip({ reason: 'already_answered', detail: null })),
    );
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.fields.notSentAgain'))).toBeInTheDocument();
    expect(
      screen.getByText(t('sidebar.skip.already_answered'), { exact: false }),
    ).toBeInTheDocument();
  });

  it("lets an admin erase the requester's CES data after a confirm that says it is final", async () => {
    let erased = false;
    let body: unknown = null;
    const client = new MockZafClient({
      user: { locale: ZENDESK_LOCALE[locale], role: 'admin' },
      data: ticketData(),
      routes: [
        route('POST', `/api/v1/requesters/${REQUESTER_ID}/erase`, (_url, options) => {
          body = JSON.parse(options.data ?? 'null');
          erased = true;
          return ok({ requesterId: REQUESTER_ID, surveys: 3, answers: 2, comments: 1, skips: 0 });
        }),
        route('GET', `/api/v1/tickets/${TICKET_ID}`, ok(ticketSurvey(null))),
        route('GET', `/api/v1/requesters/${REQUESTER_ID}`, () =>
          ok({ requesterId: REQUESTER_ID, items: [], nextCursor: null }),
        ),
        route('GET', `/api/v1/agents/${AGENT_ID}/summary`, (url) =>
          ok(agentSummary(url.searchParams.get('days')!.split(',').map(Number))),
        ),
      ],
    });
    renderApp(client, <TicketSidebar />);
    const historyReads = () =>
      client.requests.filter((r) => r.url.includes(`/api/v1/requesters/${REQUESTER_ID}?`)).length;
    await userEvent.click(await screen.findByRole('button', { name: t('sidebar.erase.button') }));
    expect(screen.getByText(t('sidebar.erase.confirm'))).toBeInTheDocument();
    expect(erased).toBe(false);
    const before = historyReads();
    await userEvent.click(screen.getByRole('button', { name: t('sidebar.erase.yes') }));
    expect(await screen.findByText(t('sidebar.erase.doneTitle'))).toBeInTheDocument();
    expect(
      screen.getByText(t('sidebar.erase.done', { answers: 2, comments: 1 })),
    ).toBeInTheDocument();
    // The service asks for the id again, so a stray request cannot erase someone.
    expect(body).toEqual({ confirmRequesterId: REQUESTER_ID });
    // The history is read again (now empty).
    await waitFor(() => expect(historyReads()).toBeGreaterThan(before));
  });

  it('offers team leads and agents no erase action', async () => {
    const client = sidebarClient(locale, ticketSurvey(null));
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.history.empty'))).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t('sidebar.erase.button') })).toBeNull();
  });

  it('cancelling the erase confirm erases nothing', async () => {
    const client = new MockZafClient({
      user: { locale: ZENDESK_LOCALE[locale], role: 'admin' },
      data: ticketData(),
      routes: [
        route('GET', `/api/v1/tickets/${TICKET_ID}`, ok(ticketSurvey(null))),
        route(
          'GET',
          `/api/v1/requesters/${REQUESTER_ID}`,
          ok({ requesterId: REQUESTER_ID, items: [], nextCursor: null }),
        ),
        route('GET', `/api/v1/agents/${AGENT_ID}/summary`, (url) =>
          ok(agentSummary(url.searchParams.get('days')!.split(',').map(Number))),
        ),
      ],
    });
    renderApp(client, <TicketSidebar />);
    await userEvent.click(await screen.findByRole('button', { name: t('sidebar.erase.button') }));
    await userEvent.click(screen.getByRole('button', { name: t('common.actions.cancel') }));
    expect(screen.queryByText(t('sidebar.erase.confirm'))).toBeNull();
    expect(client.requests.some((r) => r.type === 'POST')).toBe(false);
  });

  it('cancelling the confirm sends nothing', async () => {
    const client = sidebarClient(locale, ticketSurvey(null));
    renderApp(client, <TicketSidebar />);
    await userEvent.click(await screen.findByRole('button', { name: t('sidebar.send.now') }));
    await userEvent.click(screen.getByRole('button', { name: t('common.actions.cancel') }));
    expect(screen.queryByText(t('sidebar.send.confirm'))).toBeNull();
    expect(client.requests.some((r) => r.type === 'POST')).toBe(false);
  });

  it('says clearly when a rule skips a manual survey', async () => {
    const client = sidebarClient(locale, ticketSurvey(survey()), {
      routes: [
        route(
          'POST',
          `/api/v1/tickets/${TICKET_ID}/survey`,
          fail(409, { outcome: 'skipped', skip: skip({ reason: 'excluded_group' }) }),
        ),
      ],
    });
    renderApp(client, <TicketSidebar />);
    await userEvent.click(await screen.findByRole('button', { name: t('sidebar.send.resend') }));
    expect(screen.getByText(t('sidebar.send.confirmResend'))).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: t('sidebar.send.yes') }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(t('sidebar.send.skippedTitle'));
    expect(alert).toHaveTextContent(t('sidebar.skip.excluded_group'));
    expect(alert).toHaveTextContent(t('sidebar.send.skippedHint'));
  });

  const failedSend = async (status: number, error: string) => {
    const client = sidebarClient(locale, ticketSurvey(null), {
      routes: [
        route('POST', `/api/v1/tickets/${TICKET_ID}/survey`, fail(status, { error, message: 'x' })),
      ],
    });
    renderApp(client, <TicketSidebar />);
    await userEvent.click(await screen.findByRole('button', { name: t('sidebar.send.now') }));
    await userEvent.click(screen.getByRole('button', { name: t('sidebar.send.yes') }));
    return screen.findByRole('alert');
  };

  it('reports a failed send', async () => {
    const alert = await failedSend(500, 'internal');
    expect(alert).toHaveTextContent(t('sidebar.send.failedTitle'));
    expect(alert).toHaveTextContent(t('common.errors.server'));
  });

  it("says why a send for a ticket the agent's Zendesk role does not show was refused", async () => {
    const alert = await failedSend(403, 'forbidden');
    expect(alert).toHaveTextContent(t('sidebar.send.forbidden'));
    expect(alert).not.toHaveTextContent(t('common.errors.forbidden'));
  });

  it('cannot send without a requester', async () => {
    const client = sidebarClient(locale, ticketSurvey(null), {
      data: { 'ticket.requester.id': null },
    });
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.send.noRequester'))).toBeInTheDocument();
    expect(screen.getByText(t('sidebar.history.noRequester'))).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t('sidebar.send.now') })).toBeNull();
  });

  it("lists the requester's earlier answers, without this ticket, each opening its ticket", async () => {
    const item = (id: number, ticketId: number, score: number) => ({
      id,
      ticketId,
      createdAt: '2026-10-01T00:00:00Z',
      scaleId: 'ces2_7',
      answer: answer({ score, band: score >= 5 ? 'easy' : 'difficult', driver: null }),
    });
    const client = sidebarClient(locale, ticketSurvey(null), {
      routes: [
        route(
          'GET',
          `/api/v1/requesters/${REQUESTER_ID}`,
          ok({
            requesterId: REQUESTER_ID,
            items: [item(1, TICKET_ID, 2), item(2, 55, 6), item(3, 56, 3)],
            nextCursor: null,
          }),
        ),
      ],
    });
    renderApp(client, <TicketSidebar />);
    const link = await screen.findByRole('link', { name: t('common.ticketLink', { id: 55 }) });
    expect(
      screen.getByRole('link', { name: t('common.ticketLink', { id: 56 }) }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: t('common.ticketLink', { id: TICKET_ID }) }),
    ).toBeNull();
    expect(screen.getByText(`6/7 · ${text(locale, 'scales.ces2_7.labels.6')}`)).toBeInTheDocument();
    link.focus();
    await userEvent.keyboard('{Enter}');
    expect(client.invocations).toContainEqual({ name: 'routeTo', args: ['ticket', 55] });
  });

  it('says when the requester has no earlier answers', async () => {
    const client = sidebarClient(locale, ticketSurvey(null));
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.history.empty'))).toBeInTheDocument();
  });

  it("shows the credited agent's figures for 30 and 90 days with a trend picture", async () => {
    const client = sidebarClient(locale, ticketSurvey(null));
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.agent.period', { days: 30 }))).toBeInTheDocument();
    expect(screen.getByText(t('sidebar.agent.period', { days: 90 }))).toBeInTheDocument();
    expect(screen.getByText(t('sidebar.agent.who', { name: 'Bo Builder' }))).toBeInTheDocument();
    const fmt = (v: number) =>
      new Intl.NumberFormat(ZENDESK_LOCALE[locale], {
        style: 'percent',
        maximumFractionDigits: 0,
      }).format(v);
    const share = t('common.figures.shareWithInterval', {
      value: fmt(0.625),
      low: fmt(0.427),
      high: fmt(0.788),
    });
    expect(screen.getAllByText(share)).toHaveLength(2);
    expect(
      screen.getAllByRole('img', { name: t('sidebar.agent.trendTitle', { days: 30 }) }),
    ).toHaveLength(1);
    expect(
      client
        .requestsTo(`/api/v1/agents/${AGENT_ID}/summary`)
        .map((r) => new URL(r.url).searchParams.get('days')),
    ).toEqual(['30,90']);
  });

  it("shows each period's mean and n exactly as the service computed them", async () => {
    const summary = agentSummary([30, 90]);
    summary.periods[0]!.metrics = { ...summary.periods[0]!.metrics, n: 7, mean: 3.14 };
    summary.periods[1]!.metrics = { ...summary.periods[1]!.metrics, n: 1205, mean: 6.05 };
    showAgentSummary(summary);
    const period = async (days: number) => {
      const title = await screen.findByText(t('sidebar.agent.period', { days }));
      const facts = within(title.parentElement!);
      const value = (label: string) => facts.getByText(label).nextElementSibling?.textContent;
      return { value };
    };
    const month = await period(30);
    expect(month.value(t('common.figures.mean'))).toBe(
      t('common.figures.meanOnScale', { mean: num(3.14), min: 1, max: 7 }),
    );
    expect(month.value(t('common.figures.n'))).toBe('7');
    const quarter = await period(90);
    expect(quarter.value(t('common.figures.mean'))).toBe(
      t('common.figures.meanOnScale', { mean: num(6.05), min: 1, max: 7 }),
    );
    expect(quarter.value(t('common.figures.n'))).toBe(
      new Intl.NumberFormat(ZENDESK_LOCALE[locale]).format(1205),
    );
  });

  it('marks a period that spans a scale change: per-scale means, % easy across scales', async () => {
    // Settings moved from CES 2.0 to Ease 1–10; the last 30 days hold only older CES 2.0 answers.
    const summary = agentSummary([30, 90]);
    summary.scaleId = 'ease_10';
    summary.periods[0]!.scales = [
      { scaleId: 'ces2_7', n: 4, firstDay: '2026-10-26', lastDay: '2026-11-02' },
    ];
    summary.periods[0]!.metrics = { ...summary.periods[0]!.metrics, n: 4, mean: 6.5 };
    summary.periods[1]!.scales = [
      { scaleId: 'ces2_7', n: 4, firstDay: '2026-09-01', lastDay: '2026-11-02' },
      { scaleId: 'ease_10', n: 3, firstDay: '2026-11-03', lastDay: '2026-11-20' },
    ];
    summary.periods[1]!.metrics = {
      ...summary.periods[1]!.metrics,
      n: 7,
      mean: null,
      meanInterval: null,
      means: [
        { scaleId: 'ces2_7', n: 4, mean: 6.5, interval: null },
        { scaleId: 'ease_10', n: 3, mean: 9, interval: null },
      ],
    };
    showAgentSummary(summary);
    const facts = async (days: number) =>
      within((await screen.findByText(t('sidebar.agent.period', { days }))).parentElement!);
    const month = await facts(30);
    // The mean is on the scale its answers were asked on (1–7), not the current one (1–10).
    expect(month.getByText(t('common.figures.mean')).nextElementSibling?.textContent).toBe(
      t('common.figures.meanOnScale', { mean: num(6.5), min: 1, max: 7 }),
    );
    expect(month.queryByRole('note')).toBeNull();
    const quarter = await facts(90);
    expect(quarter.getByRole('note')).toHaveTextContent(
      t('common.scaleChange.note', {
        scales: `${t('common.scaleNames.ces2_7')} → ${t('common.scaleNames.ease_10')}`,
      }),
    );
    const meanOn = (id: string) =>
      quarter.getByText(t('common.scaleChange.meanOn', { scale: t(`common.scaleNames.${id}`) }))
        .nextElementSibling?.textContent;
    expect(meanOn('ces2_7')).toBe(
      t('common.figures.meanOnScale', { mean: num(6.5), min: 1, max: 7 }),
    );
    expect(meanOn('ease_10')).toBe(
      t('common.figures.meanOnScale', { mean: num(9), min: 1, max: 10 }),
    );
    expect(quarter.queryByText(t('common.figures.mean'))).toBeNull();
    expect(
      quarter.getByRole('img', { name: t('sidebar.agent.trendEasyTitle', { days: 90 }) }),
    ).toBeInTheDocument();
  });

  const summaryFor = (agent: { id: number; name: string | null; deleted: boolean }) =>
    route('GET', `/api/v1/agents/${agent.id}/summary`, (url) =>
      ok(agentSummary(url.searchParams.get('days')!.split(',').map(Number), { n: 0 }, agent)),
    );

  it('credits the agent the survey snapshotted by name, and names who holds the ticket now', async () => {
    const client = sidebarClient(locale, ticketSurvey(survey({ assigneeId: 999 })), {
      routes: [summaryFor({ id: 999, name: 'Ola Owner', deleted: false })],
    });
    renderApp(client, <TicketSidebar />);
    expect(
      await screen.findByText(t('sidebar.agent.who', { name: 'Ola Owner' })),
    ).toBeInTheDocument();
    expect(
      screen.getByText(t('sidebar.agent.assignedNow', { name: 'Bo Builder' })),
    ).toBeInTheDocument();
    expect(screen.getByText(t('sidebar.agent.none', { days: 30 }))).toBeInTheDocument();
  });

  it('names a credited agent Zendesk no longer has as a deleted user', async () => {
    const client = sidebarClient(locale, ticketSurvey(survey({ assigneeId: 999 })), {
      routes: [summaryFor({ id: 999, name: null, deleted: true })],
    });
    renderApp(client, <TicketSidebar />);
    expect(
      await screen.findByText(
        t('sidebar.agent.who', { name: t('common.names.userDeleted', { id: 999 }) }),
      ),
    ).toBeInTheDocument();
  });

  it('uses the ticket’s own assignee name when the service could not ask Zendesk', async () => {
    const client = sidebarClient(locale, ticketSurvey(survey()), {
      routes: [summaryFor({ id: AGENT_ID, name: null, deleted: false })],
    });
    renderApp(client, <TicketSidebar />);
    expect(
      await screen.findByText(t('sidebar.agent.who', { name: 'Bo Builder' })),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Bo Builder\./)).toBeNull();
  });

  it('says there are no figures while nobody is assigned', async () => {
    const client = sidebarClient(locale, ticketSurvey(null), {
      data: { 'ticket.assignee.user.id': null },
    });
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByText(t('sidebar.agent.noAgent'))).toBeInTheDocument();
  });

  it("says the app has no session when the page was not loaded by Zendesk's signed request", async () => {
    const client = sidebarClient(locale, ticketSurvey(null));
    client.hasSession = false;
    renderApp(client, <TicketSidebar />);
    expect(await screen.findByRole('alert')).toHaveTextContent(t('common.session.missing'));
    expect(client.requests).toHaveLength(0);
  });
});

describe('ticket sidebar and ZAF', () => {
  it("calls the service on its own origin, not through Zendesk's proxy", async () => {
    const client = sidebarClient('en', ticketSurvey(null));
    renderApp(client, <TicketSidebar />);
    await screen.findByText(text('en', 'sidebar.state.notSent'));
    const [call] = client.requestsTo(`/api/v1/tickets/${TICKET_ID}`);
    expect(call).toEqual({
      url: `${SERVICE}/api/v1/tickets/${TICKET_ID}`,
      type: 'GET',
      contentType: 'application/json',
      dataType: 'json',
    });
  });

  it('resizes the iframe to its content and re-reads the ticket after a save', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask'] });
    try {
      const client = sidebarClient('en', ticketSurvey(null));
      renderApp(client, <TicketSidebar />);
      await act(async () => {
        await jest.advanceTimersByTimeAsync(10);
      });
      expect(client.invocations.some((i) => i.name === 'resize')).toBe(true);
      const before = client.requestsTo(`/api/v1/tickets/${TICKET_ID}`).length;
      await act(async () => {
        for (const h of client.handlers.get('ticket.saved') ?? []) h();
        await jest.advanceTimersByTimeAsync(2500);
      });
      expect(client.requestsTo(`/api/v1/tickets/${TICKET_ID}`).length).toBeGreaterThan(before);
    } finally {
      jest.useRealTimers();
    }
  });

  it('fails with a missing translation key (strict catalogs in tests)', async () => {
    const client = sidebarClient('nl', ticketSurvey(null));
    const broken = JSON.parse(JSON.stringify(catalogs)) as typeof catalogs;
    delete (
      (broken.nl.sidebar as Record<string, Record<string, string>>).state as Record<string, string>
    ).notSent;
    const errors: Error[] = [];
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      renderApp(client, <TicketSidebar />, broken, (e) => errors.push(e));
      await waitFor(() => expect(errors).toHaveLength(1));
      expect(errors[0]!.message).toBe('Missing translation "sidebar.state.notSent" in nl');
    } finally {
      quiet.mockRestore();
    }
  });

  it('says so when ZAF itself fails, in English as no language is known yet', async () => {
    const client = sidebarClient('nl', ticketSurvey(null));
    client.get = () => Promise.reject(new Error('ZAF timed out'));
    renderApp(client, <TicketSidebar />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(text('en', 'common.errors.zafTitle'));
    expect(alert).toHaveTextContent(text('en', 'common.errors.zaf'));
  });

  it('renders the "outside Zendesk" note when ZAF has no frame to talk to', () => {
    const client = sidebarClient('en', ticketSurvey(null));
    client.init = () => false;
    renderApp(client, <TicketSidebar />);
    expect(screen.getByText('outside')).toBeInTheDocument();
    expect(client.requests).toHaveLength(0);
  });
});
