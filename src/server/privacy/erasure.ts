import { recordAudit } from '../access/access-repository.js';
import type { Database } from '../db/database.js';
import { eraseRequester, type ErasureCounts } from './erasure-repository.js';

/** Who asked: an admin in the app, or Zendesk reporting the user deleted. */
export type ErasureRequest =
  | { source: 'admin'; userId: number; userName: string | null }
  | { source: 'zendesk_user_deleted'; eventId: string | null };

/** The audit's "who" for Zendesk's user-deleted event (Zendesk user ids are positive). */
export const ZENDESK_AUDIT_USER = { userId: 0, userName: 'Zendesk (user deleted)' } as const;

/**
 * Erases a requester's personal data and audits it in the same transaction: the audit names the
 * requester's Zendesk id (what was asked to be erased, so the request can be shown as done) and
 * the counts, never a comment.
 */
export async function eraseRequesterData(
  db: Database,
  requesterId: number,
  request: ErasureRequest,
): Promise<ErasureCounts> {
  return db.transaction(async (tx) => {
    const counts = await eraseRequester(tx, requesterId);
    const who =
      request.source === 'admin'
        ? { userId: request.userId, userName: request.userName }
        : ZENDESK_AUDIT_USER;
    await recordAudit(tx, {
      ...who,
      action:
        request.source === 'admin' ? 'privacy.erase_requester' : 'privacy.zendesk_user_deleted',
      changes: [
        { path: 'requesterId', to: requesterId },
        { path: 'surveysErased', to: counts.surveys },
        { path: 'answersErased', to: counts.answers },
        { path: 'commentsErased', to: counts.comments },
        ...(request.source === 'zendesk_user_deleted' && request.eventId
          ? [{ path: 'zendeskEventId', to: request.eventId }]
          : []),
      ],
    });
    return counts;
  });
}
