import type { ZendeskTicket } from '../zendesk/index.js';
import type { Access } from './policy.js';

/**
 * Whether Zendesk lets this user see the ticket, from their custom role's `ticket_access`
 * ("all", "within-groups", "assigned-only": Custom Roles JSON format,
 * https://developer.zendesk.com/api-reference/ticketing/account-configuration/custom_roles/#json-format).
 * Admins and agents without a custom role see every ticket, as in Zendesk.
 */
export function maySeeTicket(access: Access, ticket: ZendeskTicket): boolean {
  if (access.zendesk.role === 'admin') return true;
  const mine = ticket.assignee_id === access.userId || ticket.requester_id === access.userId;
  switch (access.zendesk.ticketAccess) {
    case 'all':
      return true;
    case 'within-groups':
      return (
        mine || (ticket.group_id !== null && access.zendesk.groupIds.includes(ticket.group_id))
      );
    case 'assigned-only':
      return mine;
  }
}
