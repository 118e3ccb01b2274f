import { randomUUID } from 'node:crypto';
import type { UserRecord } from './records.js';

/** The sandbox account's id, as Zendesk sends it (X-Zendesk-Account-Id, events' account_id). */
export const SANDBOX_ACCOUNT_ID = '10001';

/** Zendesk's event type for a deleted user. */
export const USER_DELETED_EVENT = 'zen:event-type:user.deleted';

/**
 * The body Zendesk sends a webhook subscribed to user events, per the "Event schema" of
 * https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/: type,
 * account_id, id, time, zendesk_event_version, subject ("zen:user:<id>") and detail (the user,
 * ids as strings). The `event` object of user.deleted is a guess (empty): the service reads only
 * type, id, subject and detail.id (docs/zendesk-endpoints.md).
 */
export function userDeletedEvent(user: UserRecord, at: string): Record<string, unknown> {
  return {
    type: USER_DELETED_EVENT,
    account_id: Number(SANDBOX_ACCOUNT_ID),
    id: randomUUID(),
    time: at,
    zendesk_event_version: '2022-06-20',
    subject: `zen:user:${user.id}`,
    detail: {
      created_at: user.created_at,
      email: user.email ?? '',
      external_id: '',
      default_group_id: String(user.default_group_id ?? 0),
      id: String(user.id),
      organization_id: '0',
      role: user.role,
      updated_at: at,
    },
    event: {},
  };
}
