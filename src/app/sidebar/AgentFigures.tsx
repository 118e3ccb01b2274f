import styled from 'styled-components';
import type { AgentSummaryResponse } from '../../shared/api-types.js';
import { getScale, type ScaleId } from '../../shared/scales.js';
import { Sparkline } from '../charts/Sparkline.js';
import { useI18n } from '../i18n/I18nProvider.js';
import {
  countMessage,
  formatCount,
  formatMeanOnScale,
  formatPercent,
  formatShare,
  formatShortDate,
  meanLabel,
  nameLabel,
  weekSummary,
} from '../i18n/format.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { ScaleChangeNote } from '../layout/ScaleChangeNote.js';
import { Facts, Muted } from '../layout/Section.js';
import { useAgentFigures } from './useSidebarData.js';
import { hue } from '../layout/colors.js';

const Periods = styled.div`
  display: grid;
  grid-template-columns: 1fr;
  gap: ${(p) => p.theme.space.sm};
`;

const PeriodTitle = styled.h3`
  margin: 0 0 ${(p) => p.theme.space.xxs};
  font-size: ${(p) => p.theme.fontSizes.sm};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  color: ${hue('grey', 800)};
`;

/**
 * The credited agent's mean, % easy with its interval, n and weekly trend for 30 and 90 days
 * (over a scale change: a note, the mean per scale and a trend of % easy, which combines),
 * under the agent's name from Zendesk (the service names them; `knownName` is what the ticket
 * itself says, used when Zendesk could not be asked). `assignedNow` names a later assignee.
 */
export function AgentFigures({
  agentId,
  knownName,
  assignedNow,
}: {
  agentId: number;
  knownName: string | null;
  assignedNow: string | null;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const query = useAgentFigures(agentId);
  return (
    <ResponseHandler query={query}>
      {(summary) => (
        <Periods>
          <Muted style={{ marginTop: 0 }}>
            {t('sidebar.agent.who', {
              name:
                summary.agent.name === null && !summary.agent.deleted && knownName
                  ? knownName
                  : nameLabel(i18n, 'user', summary.agent),
            })}
          </Muted>
          {assignedNow && (
            <Muted style={{ marginTop: 0 }}>
              {t('sidebar.agent.assignedNow', { name: assignedNow })}
            </Muted>
          )}
          {summary.periods.map((p) => (
            <Period key={p.days} summary={summary} period={p} />
          ))}
        </Periods>
      )}
    </ResponseHandler>
  );
}

function Period({
  summary,
  period,
}: {
  summary: AgentSummaryResponse;
  period: AgentSummaryResponse['periods'][number];
}) {
  const i18n = useI18n();
  const { t } = i18n;
  // The period's own scale: after a change, 90 days may hold only answers on the old one.
  const scaleId = period.scales[0]?.scaleId ?? summary.scaleId;
  const scale = getScale(scaleId);
  const m = period.metrics;
  const title = t('sidebar.agent.period', { days: formatCount(i18n, period.days) });
  const across = period.scales.length > 1;
  return (
    <div>
      <PeriodTitle>{title}</PeriodTitle>
      {m.n === 0 ? (
        <Muted style={{ marginTop: 0 }}>
          {t('sidebar.agent.none', { days: formatCount(i18n, period.days) })}
        </Muted>
      ) : (
        <>
          {across && <ScaleChangeNote scales={period.scales} />}
          <Facts>
            {across ? (
              m.means.map((s) => <MeanOn key={s.scaleId} scaleId={s.scaleId} mean={s.mean} />)
            ) : (
              <>
                <dt>{t('common.figures.mean')}</dt>
                <dd>{formatMeanOnScale(i18n, scaleId, m.mean)}</dd>
              </>
            )}
            <dt>{t('common.figures.easy')}</dt>
            <dd>{formatShare(i18n, m.easy)}</dd>
            <dt>{t('common.figures.n')}</dt>
            <dd>{formatCount(i18n, m.n)}</dd>
            <dt>{t('common.figures.trend')}</dt>
            <dd>
              {/* Means on two scales do not combine into one line; the share of easy answers does. */}
              {across ? (
                <Sparkline
                  points={period.trend.map((w) => ({ ...w, mean: w.easyShare }))}
                  min={0}
                  max={1}
                  title={t('sidebar.agent.trendEasyTitle', {
                    days: formatCount(i18n, period.days),
                  })}
                  description={period.trend
                    .map((w) =>
                      w.n === 0
                        ? t('common.figures.weekEmpty', {
                            week: formatShortDate(i18n, w.weekStart),
                          })
                        : countMessage(i18n, 'common.figures.weekEasySummary', w.n, {
                            week: formatShortDate(i18n, w.weekStart),
                            easy: formatPercent(i18n, w.easyShare),
                          }),
                    )
                    .join('; ')}
                />
              ) : (
                <Sparkline
                  points={period.trend}
                  min={scale.min}
                  max={scale.max}
                  title={t('sidebar.agent.trendTitle', { days: formatCount(i18n, period.days) })}
                  description={period.trend.map((w) => weekSummary(i18n, w)).join('; ')}
                />
              )}
            </dd>
          </Facts>
        </>
      )}
    </div>
  );
}

/** One scale's mean, named by its scale ("Mean, CES 2.0 (1–7)"). */
function MeanOn({ scaleId, mean }: { scaleId: ScaleId; mean: number | null }) {
  const i18n = useI18n();
  return (
    <>
      <dt>{meanLabel(i18n, scaleId, true)}</dt>
      <dd>{formatMeanOnScale(i18n, scaleId, mean)}</dd>
    </>
  );
}
