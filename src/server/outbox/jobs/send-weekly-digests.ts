import { getAccessPolicy } from '../../access/access-repository.js';
import { decideAccess } from '../../access/policy.js';
import { createZendeskRoleDirectory } from '../../access/zendesk-roles.js';
import type { Queryable } from '../../db/database.js';
import { listDigestsDue, recordDigestSent } from '../../digest/digest-repository.js';
import { buildWeeklyDigest, digestLines, digestWeekAt } from '../../digest/weekly-digest.js';
import { createNameLookup } from '../../reports/names.js';
import { getSettings } from '../../settings/settings-repository.js';
import { enqueueUnlessWaiting } from '../outbox-repository.js';
import type { JobHandler } from '../worker.js';
import type { JobDeps } from './job-deps.js';
import { recurringSweep } from './recurring-sweep.js';
import { postChatMessage } from './send-chat-alert.js';

export const SEND_WEEKLY_DIGESTS_KIND = 'send_weekly_digests';
/** One sweep waits at a time, across every worker and replica. */
export const SEND_WEEKLY_DIGESTS_KEY = 'send_weekly_digests';
/** How often the sweep looks for digests due: a week's digest goes out within this of Monday. */
export const DIGEST_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** Schedules the first sweep unless one waits already (service start). */
export async function scheduleDigestSweep(db: Queryable, runAt?: Date): Promise<void> {
  await enqueueUnlessWaiting(db, {
    kind: SEND_WEEKLY_DIGESTS_KIND,
    dedupeKey: SEND_WEEKLY_DIGESTS_KEY,
    runAt,
  });
}

export interface DigestSweep {
  week: string;
  sent: number[];
  /** Opted-in users who are no team lead or admin any more: nothing sent. */
  notLeads: number[];
  /** No chat webhook in Settings: nothing is sent (nor recorded, so it goes once one is set). */
  off: boolean;
}

/**
 * Posts last week's digest to every opted-in lead who has not had it (one per lead per week:
 * `digest_sends`), through the chat webhook in Settings, for the groups Zendesk says they may see
 * now (a user who lost the role gets none). A failed post, or Zendesk unable to say who a lead
 * is, throws after the others went out; the outbox retries and only the leads still due get one.
 */
export async function sendWeeklyDigests(deps: JobDeps, now: Date): Promise<DigestSweep> {
  const settings = await getSettings(deps.db);
  const week = await digestWeekAt(deps.db, now);
  const url = settings.alerts.chatWebhookUrl;
  if (url === '') return { week: week.from, sent: [], notLeads: [], off: true };
  const names = createNameLookup(() => deps.zendesk);
  const directory = deps.roles ?? createZendeskRoleDirectory(() => deps.zendesk);
  const policy = await getAccessPolicy(deps.db);
  const sent: number[] = [];
  const notLeads: number[] = [];
  let failure: unknown = null;
  for (const lead of await listDigestsDue(deps.db, week.from)) {
    try {
      const roles = await directory.lookup(lead.userId, { fresh: true });
      const access = roles ? decideAccess(roles, policy) : null;
      if (!access?.capabilities.has('teamReport')) {
        notLeads.push(lead.userId);
        continue;
      }
      const digest = await buildWeeklyDigest(deps.db, access.reportGroups, week, names);
      const lines = await digestLines(
        deps.db,
        deps.catalogs,
        lead.locale,
        digest,
        (id) => `${deps.config.zendesk.apiUrl}/agent/tickets/${id}`,
      );
      await postChatMessage(url, settings.alerts.chatFormat, lines, deps.chatTimeoutMs);
      if (await recordDigestSent(deps.db, lead.userId, week.from)) sent.push(lead.userId);
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return { week: week.from, sent, notLeads, off: false };
}

export function sendWeeklyDigestsJob(
  deps: JobDeps,
  clock: { now: () => Date } = { now: () => new Date() },
): JobHandler {
  return recurringSweep(
    deps.db,
    {
      kind: SEND_WEEKLY_DIGESTS_KIND,
      dedupeKey: SEND_WEEKLY_DIGESTS_KEY,
      intervalMs: DIGEST_SWEEP_INTERVAL_MS,
    },
    clock,
    (now) => sendWeeklyDigests(deps, now),
  );
}
