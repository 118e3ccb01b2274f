import en from '../../translations/en.json';
import { e2eForSuite, waitFor } from './support/environment';

/** An agent sends the survey from the sidebar of a ticket that never got one. */
describe('e2e: send the survey from the sidebar', () => {
  const e2e = e2eForSuite({ database: 'postgres' });

  it('sends a survey for a ticket solved before the app was installed', async () => {
    const { store } = e2e().demo.sandbox;
    // Solved without triggers: as if it was solved before CES was set up.
    const [ticket] = store.tickets.bulkCreate([
      {
        requester_id: e2e().team.english.id,
        subject: 'Invoice shows the wrong VAT number',
        comment: { body: 'Our VAT number is wrong on the invoice.' },
        assignee_id: e2e().team.agent.id,
        group_id: e2e().team.groupId,
        status: 'solved',
      },
    ]);
    const ticketId = ticket?.id as number;
    expect(store.emails.list({ ticketId })).toHaveLength(0);

    const page = await e2e().newPage({ width: 1280, height: 900 });
    await page.goto(`${e2e().demo.sandboxUrl}/workspace/tickets/${ticketId}`);
    const sidebar = await waitFor('the sidebar frame', () =>
      page.frames().find((f) => f.url().includes('/sidebar.html')),
    );
    await sidebar.getByText(en.sidebar.state.notSentSolved).waitFor();
    await sidebar.getByRole('button', { name: en.sidebar.send.now }).click();
    await sidebar.getByText(en.sidebar.send.confirm).waitFor();
    await sidebar.getByRole('button', { name: en.sidebar.send.yes, exact: true }).click();
    await sidebar.getByText(en.sidebar.send.createdTitle).waitFor();

    // The service publishes the link; Zendesk's trigger emails the requester.
    const email = await e2e().surveyEmail(ticketId);
    expect(email.to.email).toBe(e2e().team.english.email);
    expect(e2e().linkFor(email, 7)).toMatch(/\?scale=ces2_7&score=7$/);
    // The job marks the survey sent once Zendesk has answered its update.
    const row = await waitFor('the survey marked sent', async () => {
      const r = await e2e().surveyRow(ticketId);
      return r?.status === 'sent' ? r : undefined;
    });
    expect(row).toMatchObject({ origin: 'manual', score: null });

    await page.reload();
    const after = await waitFor('the sidebar frame', () =>
      page.frames().find((f) => f.url().includes('/sidebar.html')),
    );
    await after.getByText(en.sidebar.state.sent).waitFor();
    await after.getByText(en.sidebar.origin.manual).waitFor();
    await page.close();
  });
});
