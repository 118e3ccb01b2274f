import { getGroups, getTicketContext } from '../../../src/app/api/zendesk.js';
import { RequestError } from '../../../src/app/api/request-error.js';
import { fail, MockZafClient, ok, route } from '../support/zaf-mock.js';

describe('Zendesk calls', () => {
  it('reads the ticket, turning ZAF strings into ids and absent paths into null', async () => {
    const client = new MockZafClient({
      data: { 'ticket.id': '42', 'ticket.requester.id': 9, 'ticket.status': 'open' },
    });
    expect(await getTicketContext(client)).toEqual({
      id: 42,
      status: 'open',
      requesterId: 9,
      requesterLocale: null,
      assigneeId: null,
      assigneeName: null,
      groupId: null,
      brandId: null,
      channel: null,
      tags: [],
      requesterRole: null,
    });
  });

  it('refuses to guess a ticket id', async () => {
    await expect(getTicketContext(new MockZafClient({ data: {} }))).rejects.toThrow(/ticket id/);
  });

  it('follows cursor pages for groups', async () => {
    const client = new MockZafClient({
      routes: [
        route('GET', '/api/v2/groups.json', (url) =>
          url.searchParams.get('page[after]') === 'c1'
            ? ok({ groups: [{ id: 2, name: 'B' }], meta: { has_more: false, after_cursor: null } })
            : ok({ groups: [{ id: 1, name: 'A' }], meta: { has_more: true, after_cursor: 'c1' } }),
        ),
      ],
    });
    expect(await getGroups(client)).toEqual([
      { id: 1, name: 'A' },
      { id: 2, name: 'B' },
    ]);
  });

  it('reports a Zendesk failure as such', async () => {
    const client = new MockZafClient({ routes: [route('GET', '/api/v2/groups.json', fail(500))] });
    const error = await getGroups(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ target: 'zendesk', status: 500 });
  });
});
