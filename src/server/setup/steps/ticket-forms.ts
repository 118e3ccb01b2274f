import { ZendeskRequestError, type TicketForm, type ZendeskClient } from '../../zendesk/index.js';
import { countWrite, settle, type SetupRun } from '../setup-run.js';

/** The account's forms, or null where Zendesk answers that it has none to show (403, 404). */
export async function listTicketForms(zendesk: ZendeskClient): Promise<TicketForm[] | null> {
  try {
    return await zendesk.listTicketForms();
  } catch (error) {
    if (error instanceof ZendeskRequestError && (error.status === 403 || error.status === 404))
      return null;
    throw error;
  }
}

/**
 * The survey link field belongs on no ticket form: "The ticket form applied to a ticket determines
 * the fields and data in the ticket" (support.zendesk.com/hc/en-us/articles/4408832861210), so an
 * agent working a ticket does not see a field that is on none, and cannot answer for the customer.
 * A form that has it is reported; repair takes it off (Update Ticket Form, `ticket_field_ids`).
 */
export async function setUpTicketForms(r: SetupRun, linkId: number | undefined): Promise<void> {
  const base = {
    kind: 'ticket_form' as const,
    key: 'forms.link',
    title: 'CES survey link on no ticket form',
  };
  if (linkId === undefined || r.snapshot.forms === null) {
    // No link field yet (it is created off every form), or an account without ticket forms.
    r.items.push({ ...base, state: 'ok', zendeskId: null, detail: null });
    return;
  }
  const holding = r.snapshot.forms.filter((f) => f.ticket_field_ids.includes(linkId));
  if (holding.length === 0) {
    r.items.push({ ...base, state: 'ok', zendeskId: null, detail: null });
    return;
  }
  const names = holding.map((f) => `"${f.name}"`).join(', ');
  await settle(
    r,
    {
      ...base,
      state: 'drifted',
      zendeskId: holding[0]!.id,
      detail: `The field is on the ticket form${holding.length > 1 ? 's' : ''} ${names}: agents who open those tickets can read the customer's survey link and answer for the customer. Repair takes it off (Admin Center → Objects and rules → Tickets → Forms does the same).`,
    },
    [
      {
        action: 'update',
        repairOnly: true,
        apply: async () => {
          for (const form of holding) {
            await countWrite(
              r,
              r.deps.zendesk.updateTicketForm(form.id, {
                ticket_field_ids: form.ticket_field_ids.filter((id) => id !== linkId),
              }),
            );
          }
        },
      },
    ],
  );
}
