import type { JobKind } from '../outbox-repository.js';
import type { JobHandler } from '../worker.js';
import type { JobDeps } from './job-deps.js';
import { eraseOldCommentsJob } from './erase-old-comments.js';
import { publishSurveyLinkJob } from './publish-survey-link.js';
import { sendChatAlertJob } from './send-chat-alert.js';
import { sendReminderJob } from './send-reminder.js';
import { sendWeeklyDigestsJob } from './send-weekly-digests.js';
import { syncZendeskJob } from './sync-zendesk.js';
import { writeBackAnswerJob } from './write-back-answer.js';

export type { JobDeps } from './job-deps.js';

/** One handler per job kind; a kind without one here fails to compile. */
export function jobHandlers(deps: JobDeps): Record<JobKind, JobHandler> {
  return {
    publish_survey_link: publishSurveyLinkJob(deps),
    write_back_answer: writeBackAnswerJob(deps),
    sync_zendesk: syncZendeskJob(deps),
    erase_old_comments: eraseOldCommentsJob(deps),
    send_reminder: sendReminderJob(deps),
    send_chat_alert: sendChatAlertJob(deps),
    send_weekly_digests: sendWeeklyDigestsJob(deps),
  };
}
