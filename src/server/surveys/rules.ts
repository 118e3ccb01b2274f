import { normalizeChannel } from '../../shared/channels.js';
import type { SkipReason } from '../../shared/api-types.js';
import type { Rules } from '../../shared/settings.js';
import type { SolveEvent } from './solve-event.js';

/** Why a solve does not become a survey. */
export interface SkipDecision {
  reason: SkipReason;
  detail: string | null;
}

/**
 * The rules that need nothing but the event and the settings, in the order they are reported:
 * who is asked first, then where the ticket came from, then who gets the credit.
 *
 * `unconfirmed`: the event comes from the solve webhook, whose documented placeholders do not say
 * who the requester and assignee are; a missing one is not known to be missing, so those rules
 * wait for the publish job's read of the ticket (surveys/confirm.ts).
 */
export function checkEventRules(
  event: SolveEvent,
  rules: Rules,
  options: { unconfirmed?: boolean } = {},
): SkipDecision | null {
  const unconfirmed = options.unconfirmed === true;
  if (event.requesterId === null && !unconfirmed) {
    return { reason: 'no_requester', detail: null };
  }
  if (event.requesterRole === 'agent' || event.requesterRole === 'admin') {
    return { reason: 'agent_requester', detail: event.requesterRole };
  }
  if (event.groupId !== null && rules.excludedGroupIds.includes(event.groupId)) {
    return { reason: 'excluded_group', detail: String(event.groupId) };
  }
  if (event.brandId !== null && rules.excludedBrandIds.includes(event.brandId)) {
    return { reason: 'excluded_brand', detail: String(event.brandId) };
  }
  if (event.channel !== null) {
    const channel = normalizeChannel(event.channel);
    if (rules.excludedChannels.some((c) => normalizeChannel(c) === channel)) {
      return { reason: 'excluded_channel', detail: event.channel };
    }
  }
  if (event.tags !== null) {
    const excluded = new Set(rules.excludedTags.map((t) => t.trim().toLowerCase()));
    const hit = event.tags.find((t) => excluded.has(t.toLowerCase()));
    if (hit !== undefined) return { reason: 'excluded_tag', detail: hit };
  }
  if (event.assigneeId === null && rules.skipWithoutAssignee && !unconfirmed) {
    return { reason: 'no_assignee', detail: null };
  }
  return null;
}

/** Sampling: keeps a solve with probability `rate`; `random` returns a number in [0, 1). */
export function checkSampling(rate: number, random: () => number): SkipDecision | null {
  if (rate >= 1) return null;
  return random() < rate ? null : { reason: 'sampled_out', detail: `sampling rate ${rate}` };
}
