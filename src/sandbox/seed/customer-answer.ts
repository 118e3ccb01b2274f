import type { EmailRecord } from '../zendesk/records.js';
import { customerRequest } from './customer-http.js';
import type { PlannedTicket } from './demo-plan.js';

/** A survey link in an email: `<url>/s/<token>?scale=<scale id>&score=<point>`. */
const SURVEY_LINK = /https?:\/\/[^\s"'<>]+\/s\/[A-Za-z0-9_-]+\?scale=[a-z0-9_]+&score=(\d+)/g;

/** The link for `score` in a survey email, or null when the email carries no survey links. */
export function surveyLink(email: EmailRecord, score: number): string | null {
  for (const match of email.body.matchAll(SURVEY_LINK)) {
    if (Number(match[1]) === score) return match[0];
  }
  return null;
}

/** The customer: opens the link for the first score, confirms, maybe changes it, then says why. */
export async function answer(
  email: EmailRecord,
  planned: PlannedTicket,
  localAddress: string | undefined,
): Promise<void> {
  if (planned.outcome.kind !== 'answer') return;
  const { score, firstScore, driver, comment } = planned.outcome;
  const link = surveyLink(email, firstScore ?? score);
  if (!link) throw new Error(`Seeding stopped: email ${email.id} has no link for score ${score}.`);
  const action = link.split('?')[0] as string;
  const expectOk = (what: string, status: number) => {
    if (status >= 400) {
      throw new Error(`Seeding stopped: ${what} on ${action} answered ${status}.`);
    }
  };
  expectOk('opening the survey link', (await customerRequest(link, { localAddress })).status);
  const first = await customerRequest(action, {
    method: 'POST',
    form: { step: 'score', score: String(firstScore ?? score) },
    localAddress,
  });
  expectOk('confirming the score', first.status);
  const followup = await customerRequest(action, {
    method: 'POST',
    form: { step: 'followup', score: String(score), driver: driver ?? '', comment: comment ?? '' },
    localAddress,
  });
  expectOk('sending the follow-up', followup.status);
}
