import { renderTemplate } from '../../../src/sandbox/zendesk/placeholders.js';
import { SandboxStore } from '../../../src/sandbox/zendesk/store.js';

/** The switch tests use to play a Zendesk that renders only its documented placeholders. */
describe('sandbox placeholders', () => {
  function rendered(mode: 'render' | 'empty') {
    const store = new SandboxStore();
    store.undocumentedPlaceholders = mode;
    const group = store.groups.create({ name: 'Billing' });
    const requester = store.users.create({ name: 'Klaas Klant', locale: 'nl' });
    const { ticket } = store.tickets.create({
      subject: 'Invoice',
      comment: { body: 'Charged twice.' },
      requester_id: requester.id,
      group_id: group.id,
    });
    const template =
      '{{ticket.id}}|{{ticket.group.name}}|{{ticket.group.id}}|{{ticket.brand.id}}|' +
      '{{ticket.requester.name}}|{{ticket.requester.id}}|{{ticket.requester.locale}}|' +
      '{{ticket.requester.role}}';
    const text = renderTemplate(template, {
      account: store,
      ticket,
      actorId: requester.id,
      localeUser: requester,
    });
    return { text, ticket, group, requester };
  }

  it('renders what the reference does not list empty when asked to, and the rest as before', () => {
    const empty = rendered('empty');
    expect(empty.text).toBe(`${empty.ticket.id}|Billing|||Klaas Klant|||`);
    const guessed = rendered('render');
    expect(guessed.text).toBe(
      `${guessed.ticket.id}|Billing|${guessed.group.id}|${guessed.ticket.brand_id}|Klaas Klant|${guessed.requester.id}|nl|end-user`,
    );
  });
});
