import type { Config } from '../../src/server/config.js';
import type { Database } from '../../src/server/db/database.js';
import { intakeSolve, type SolveEvent } from '../../src/server/surveys/intake.js';
import { findSurveyLink } from '../../src/server/surveys/survey-repository.js';

/** A survey made through the real intake, with the link its customer gets. */
export async function surveyWithLink(
  db: Database,
  config: Config,
  event: Pick<SolveEvent, 'ticketId'> & Partial<SolveEvent>,
): Promise<{ surveyId: number; url: string; path: string; token: string }> {
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
      solvedAt: new Date(),
      satisfaction: null,
      tags: null,
      ...event,
    },
    { origin: 'solve' },
  );
  if (created.outcome !== 'created') throw new Error(`no survey: ${created.outcome}`);
  const url = await findSurveyLink(db, config, created.surveyId);
  if (!url) throw new Error(`survey ${created.surveyId} has no link`);
  const path = new URL(url).pathname;
  return { surveyId: created.surveyId, url, path, token: path.split('/s/')[1] ?? '' };
}
