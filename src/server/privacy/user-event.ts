/**
 * Zendesk's user events as sent to a webhook subscribed to them
 * (https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/, "Event
 * schema", and the "User events" page it links to): a JSON body with `type`
 * ("zen:event-type:user.deleted"), `id` (the event's id), `account_id`, `time`,
 * `subject` ("zen:user:<user id>") and `detail` (the user, its `id` as a string).
 */
export const USER_DELETED_EVENT = 'zen:event-type:user.deleted';

export class UserEventError extends Error {
  constructor(message: string) {
    super(message);
  }
}

export type UserEvent =
  | { kind: 'user_deleted'; userId: number; eventId: string | null }
  /** Another event type: acknowledged and ignored (the subscription is setup's to keep). */
  | { kind: 'other' };

const ID = /^[1-9]\d{0,17}$/;
const EVENT_ID = /^[\x21-\x7e]{1,128}$/;

function userIdOf(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !ID.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

/** Reads a user event; throws UserEventError (never echoing the body) when it is not one. */
export function parseUserEvent(body: unknown): UserEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UserEventError('The body is not a Zendesk event: send a JSON object with "type".');
  }
  const b = body as Record<string, unknown>;
  if (typeof b.type !== 'string') {
    throw new UserEventError('"type" is missing: send a Zendesk event body.');
  }
  if (b.type !== USER_DELETED_EVENT) return { kind: 'other' };
  const detail = typeof b.detail === 'object' && b.detail !== null ? b.detail : {};
  const fromDetail = userIdOf((detail as Record<string, unknown>).id);
  const subject = typeof b.subject === 'string' ? /^zen:user:(\d+)$/.exec(b.subject) : null;
  const fromSubject = subject ? userIdOf(subject[1]) : null;
  const userId = fromDetail ?? fromSubject;
  if (
    userId === null ||
    (fromDetail !== null && fromSubject !== null && fromDetail !== fromSubject)
  ) {
    throw new UserEventError(
      'The user-deleted event names no user: "detail.id" (and "subject" zen:user:<id>) must be the deleted user\'s id.',
    );
  }
  const eventId = typeof b.id === 'string' && EVENT_ID.test(b.id) ? b.id : null;
  return { kind: 'user_deleted', userId, eventId };
}
