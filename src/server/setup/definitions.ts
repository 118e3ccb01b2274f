/**
 * The names that tie the pieces together: tags the jobs set and the triggers test, and how a
 * driver id becomes the value of the driver drop-down. Setup and the outbox jobs both use these.
 */

/** Added by the publish job: the "email survey link" trigger fires on it. */
export const SURVEY_READY_TAG = 'ces_survey_ready';
/** Added by the email trigger, so the email goes once per survey. */
export const SURVEY_SENT_TAG = 'ces_survey_sent';
/** Added by the reminder job when a survey is due its one reminder: the reminder trigger fires on it. */
export const REMINDER_DUE_TAG = 'ces_reminder_due';
/** Added by the reminder trigger, so the reminder goes once per survey. */
export const REMINDER_SENT_TAG = 'ces_reminder_sent';
/** Agents add it to a ticket that must not be surveyed. */
export const SKIP_TAG = 'ces_skip';
/** Set by the write-back on difficult answers. */
export const HIGH_EFFORT_TAG = 'ces_high_effort';
/** Added by the high-effort alert trigger, so a difficult answer alerts once. */
export const ALERT_SENT_TAG = 'ces_alert_sent';
/** Set by the inactive follow-up example trigger. */
export const FOLLOW_UP_TAG = 'ces_follow_up';

export function scoreTag(score: number): string {
  return `ces_score_${score}`;
}

export const SCORE_TAG_PATTERN = /^ces_score_\d+$/;

/** The drop-down option value (and so the tag Zendesk sets) of a driver id. */
export function driverOptionValue(driver: string): string {
  const slug = driver
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `ces_driver_${slug || 'other'}`;
}
