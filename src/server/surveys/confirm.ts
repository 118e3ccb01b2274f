import type { Database } from '../db/database.js';
import { getSettings } from '../settings/settings-repository.js';
import type { ZendeskTicket, ZendeskUser } from '../zendesk/index.js';
import { checkThrottle } from './intake.js';
import {
  findSurveyTicketId,
  lockPendingSurvey,
  replaceUnsentSurveyWithSkip,
  saveConfirmedSnapshot,
} from './intake-repository.js';
import { checkEventRules, type SkipDecision } from './rules.js';
import type { RequesterRole, SolveEvent } from './solve-event.js';
import { lockTicket } from './survey-repository.js';

/**
 * Zendesk's API is the authority for who and what a ticket is (DESIGN.md): the solve webhook
 * carries only documented placeholders, which do not name the requester, assignee, group, brand,
 * locale or role. The publish job reads the ticket (with its people side-loaded) and, before any
 * link goes out, writes what Zendesk says into the survey's snapshot and re-checks the rules that
 * depend on it.
 */
export interface ConfirmedTicket {
  requesterId: number | null;
  requesterLocale: string | null;
  requesterRole: RequesterRole | null;
  assigneeId: number | null;
  groupId: number | null;
  brandId: number | null;
}

const ROLES: readonly string[] = ['end-user', 'agent', 'admin'];

export function confirmedTicket(
  ticket: Pick<ZendeskTicket, 'requester_id' | 'assignee_id' | 'group_id' | 'brand_id'>,
  requester: Partial<ZendeskUser> | null,
): ConfirmedTicket {
  const role = requester?.role;
  return {
    requesterId: ticket.requester_id || null,
    requesterLocale: requester?.locale?.trim() || null,
    requesterRole: role && ROLES.includes(role) ? (role as RequesterRole) : null,
    assigneeId: ticket.assignee_id || null,
    groupId: ticket.group_id || null,
    brandId: ticket.brand_id || null,
  };
}

/**
 * Writes Zendesk's answer into an unsent survey's snapshot and applies the rules that depend on it
 * (no requester, agent requester, excluded group or brand, no assignee, the requester throttle).
 * A survey that should not go out becomes a recorded skip; returns that skip, or null when the
 * survey may go out (or was no longer pending).
 */
export async function confirmSurvey(
  db: Database,
  surveyId: number,
  confirmed: ConfirmedTicket,
  now: Date = new Date(),
): Promise<SkipDecision | null> {
  const settings = await getSettings(db);
  return db.transaction(async (tx) => {
    const ticketId = await findSurveyTicketId(tx, surveyId);
    if (ticketId === null) return null;
    // The intake's order: the ticket first, then (in checkThrottle) the requester.
    await lockTicket(tx, ticketId);
    const survey = await lockPendingSurvey(tx, surveyId);
    if (!survey) return null;
    await saveConfirmedSnapshot(tx, surveyId, confirmed);
    const event: SolveEvent = {
      ticketId,
      ...confirmed,
      channel: survey.channel,
      solvedAt: survey.solvedAt,
      satisfaction: survey.satisfaction,
      // Tags were checked at intake, from the webhook's documented {{ticket.tags}}.
      tags: null,
    };
    const skip =
      checkEventRules(event, settings.rules) ?? (await checkThrottle(tx, event, settings, now));
    if (skip) await replaceUnsentSurveyWithSkip(tx, surveyId, skip.reason, skip.detail);
    return skip;
  });
}
