import type { OutboxStatusResponse } from '../../shared/api-types.js';
import { getOutbox } from '../api/ces.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';
import { formatCount } from '../i18n/format.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { Muted } from '../layout/Section.js';

/** Minutes to send what is waiting, rounded up; under a minute reads as one. */
function drainMinutes(budget: OutboxStatusResponse['budget']): number {
  return Math.max(1, Math.ceil(budget.drainSeconds / 60));
}

/** Under the Zendesk status: how much of the account's API budget the service uses, and its backlog. */
export function ZendeskBudget() {
  const i18n = useI18n();
  const { t } = i18n;
  const ces = useCes();
  const { data } = useQuery(() => getOutbox(ces), 'outbox-budget');
  // A side note: until it has loaded, or if it cannot, it stays out of the way.
  if (!data) return null;
  const { budget } = data;
  const vars = {
    used: formatCount(i18n, budget.usedLastMinute),
    limit: formatCount(i18n, budget.requestsPerMinute),
  };
  return (
    <Muted data-testid="ces-zendesk-budget">
      {t('settings.budget.use', vars)}{' '}
      {budget.backlogJobs === 0
        ? t('settings.budget.noBacklog')
        : t('settings.budget.backlog', {
            jobs: formatCount(i18n, budget.backlogJobs),
            minutes: formatCount(i18n, drainMinutes(budget)),
          })}
    </Muted>
  );
}
