import { alertLines, chatPayload, zendeskAlertBody } from '../../src/shared/alert-texts.js';
import { loadCatalogs } from '../../src/server/outbox/catalogs.js';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.js';

const catalogs = loadCatalogs();
const content = {
  ticketId: 42,
  score: 2,
  scaleMax: 7,
  reason: 'It took too long',
  comment: '<script>x</script> *bold* & [link](http://evil)',
  ticketUrl: 'https://acme.zendesk.com/agent/tickets/42',
  changedFrom: null,
};

describe('alert texts', () => {
  it('Slack: one text, customer text escaped as Slack asks (&, <, >)', () => {
    const payload = chatPayload('slack', alertLines(DEFAULT_SETTINGS, catalogs, content));
    expect(Object.keys(payload)).toEqual(['text']);
    const text = payload.text as string;
    expect(text).toContain('#42');
    expect(text).toContain('Score: 2/7');
    expect(text).toContain('Reason: It took too long');
    expect(text).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(text).not.toContain('<script>');
    expect(text).toContain('https://acme.zendesk.com/agent/tickets/42');
  });

  it('Teams: a message card whose text keeps the customer words as text, not markup', () => {
    const payload = chatPayload('teams', alertLines(DEFAULT_SETTINGS, catalogs, content));
    expect(payload['@type']).toBe('MessageCard');
    expect(payload.summary).toBe('High effort answer on ticket #42');
    const text = payload.text as string;
    expect(text).not.toContain('<script>');
    expect(text).toContain('\\*bold\\*');
    expect(text).toContain('\\[link\\]\\(http://evil\\)');
  });

  it('a changed score says so in the first line, in the account language', () => {
    const lines = alertLines({ ...DEFAULT_SETTINGS, defaultLocale: 'nl' }, catalogs, {
      ...content,
      score: 1,
      changedFrom: 2,
    });
    expect(lines[0]).toBe('Update: de klant wijzigde de score van 2 naar 1.');
  });

  it("the Zendesk email names the ticket's CES fields and link by documented placeholders", () => {
    const body = zendeskAlertBody(DEFAULT_SETTINGS, catalogs, { score: 1, driver: 2, comment: 3 });
    expect(body).toContain('Score: {{ticket.ticket_field_1}}');
    expect(body).toContain('Reason: {{ticket.ticket_field_option_title_2}}');
    expect(body).toContain('Comment: {{ticket.ticket_field_3}}');
    expect(body).toContain('Ticket: {{ticket.link}}');
  });
});
