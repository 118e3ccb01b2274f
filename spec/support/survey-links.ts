import type { Config } from '../../src/server/config.js';
import type { Database } from '../../src/server/db/database.js';
import { intakeSolve, type SolveEvent } from '../../src/server/surveys/intake.js';
import { findSurveyLink } from '../../src/server/surveys/survey-repository.js';

/**
 * A survey made through the real intake from a solve of `event.ticketId` (the rest defaults to an
 * English email requester 1 and agent 2). `now` is the intake's clock and, unless given, the solve
 * time, so a test can make a survey that is already past its expiry.
 */
export async function solvedSurvey(
  db: Database,
  event: Pick<SolveEvent, 'ticketId'> & Partial<SolveEvent>,
  now?: Date,
): Promise<number> {
  const created = await intakeSolve(
    db,
    {
      requesterId: 1,
      requesterLocale: 'en',
      requesterRole: null,
      assigneeId: 2,
      groupId: null,
      brandId: null,
      channel: 'email',
      solvedAt: now ?? new Date(),
      satisfaction: null,
      tags: null,
      ...event,
    },
    { origin: 'solve', now },
  );
  if (created.outcome !== 'created') throw new Error(`no survey: ${created.outcome}`);
  return created.surveyId;
}

/** A survey made through the real intake, with the link its customer gets. */
export async function surveyWithLink(
  db: Database,
  config: Config,
  event: Pick<SolveEvent, 'ticketId'> & Partial<SolveEvent>,
): Promise<{ surveyId: number; url: string; path: string; token: string }> {
  const surveyId = await solvedSurvey(db, event);
  const url = await findSurveyLink(db, config, surveyId);
  if (!url) throw new Error(`survey ${surveyId} has no link`);
  const path = new URL(url).pathname;
  return { surveyId, url, path, token: path.split('/s/')[1] ?? '' };
}
