import { useEffect, useRef, useState } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import type { AgentReportResponse, ReportFilters } from '../../shared/api-types.js';
import { driverBase } from '../../shared/scoring.js';
import { DistributionChart } from '../charts/DistributionChart.js';
import { TrendChart } from '../charts/TrendChart.js';
import { useI18n } from '../i18n/I18nProvider.js';
import {
  countMessage,
  driverLabel,
  formatCount,
  formatDate,
  formatMeanOnScale,
  formatNes,
  formatNumber,
  formatPercent,
  formatShare,
  meanLabel,
  nameLabel,
} from '../i18n/format.js';
import { FigureDetail, FigureTile, FigureTiles, RespondedOfSent } from '../layout/FigureTiles.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { ScaleChangeNote } from '../layout/ScaleChangeNote.js';
import { Muted, Section } from '../layout/Section.js';
import { hue } from '../layout/colors.js';
import { DriverList } from '../team/DriverList.js';
import { ExpectationMark, rankLabel } from '../team/AgentTable.js';
import { AgentAnswers, AnswerItem, type AnswerScope } from './AgentAnswers.js';
import { useAgentReport, useLinkedAnswer } from './useAgentData.js';

const Title = styled.h2`
  margin: ${(p) => p.theme.space.xs} 0 0;
  font-size: ${(p) => p.theme.fontSizes.lg};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  &:focus {
    outline: none;
  }
`;

const Columns = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(360px, 1fr));
  gap: ${(p) => p.theme.space.lg};
`;

const Linked = styled.ul`
  margin: 0;
  padding: 0;
  list-style: none;
  li {
    padding: ${(p) => p.theme.space.xs};
    background: ${hue('blue', 100)};
    border-left: ${(p) => p.theme.borders.md} ${hue('blue', 600)};
  }
`;

/**
 * One agent's page, for the filters the team page had: the agent's figures with their intervals
 * and standing, trend, distribution, reasons and every answer behind them. `ticketId`: the answer
 * a note's link points at, shown first and marked in the list.
 */
export function AgentPage({
  agentId,
  filters,
  ticketId,
  backLabel,
  onBack,
}: {
  agentId: number;
  filters: ReportFilters;
  ticketId?: number;
  /** What going back returns to; the team page by default. */
  backLabel?: string;
  onBack: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const report = useAgentReport(agentId, filters);
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard and screen reader users land on the new page's heading, not at the top of the frame.
  useEffect(() => heading.current?.focus(), [agentId]);
  const name = report.data
    ? nameLabel(i18n, 'user', report.data.agent)
    : t('common.names.userUnknown', { id: agentId });
  return (
    <div data-testid="agent-page">
      <Button isLink onClick={onBack}>
        {`← ${backLabel ?? t('agent.back')}`}
      </Button>
      <Title ref={heading} tabIndex={-1}>
        {report.data ? t('agent.title', { name }) : t('agent.titleLoading')}
      </Title>
      <Muted style={{ marginTop: 0 }}>
        {t('agent.period', {
          from: formatDate(i18n, filters.from),
          to: formatDate(i18n, filters.to),
        })}
      </Muted>
      {ticketId !== undefined && <LinkedAnswer ticketId={ticketId} />}
      <ResponseHandler query={report} forbidden={t('agent.forbidden')}>
        {(r) => <AgentBody report={r} filters={filters} ticketId={ticketId} />}
      </ResponseHandler>
    </div>
  );
}

/** The answer a note's link points at, read from its ticket (a ticket counts one answer). */
function LinkedAnswer({ ticketId }: { ticketId: number }) {
  const { t } = useI18n();
  const query = useLinkedAnswer(ticketId);
  return (
    <Section id="ces-agent-linked" title={t('agent.linked.title')}>
      <ResponseHandler
        query={query}
        isEmpty={(r) => !r.survey?.answer}
        empty={t('agent.linked.none', { id: ticketId })}
      >
        {(r) => (
          <Linked>
            <AnswerItem answer={{ ...r.survey!.answer!, ticketId }} highlighted />
          </Linked>
        )}
      </ResponseHandler>
    </Section>
  );
}

function AgentBody({
  report,
  filters,
  ticketId,
}: {
  report: AgentReportResponse;
  filters: ReportFilters;
  ticketId?: number;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [scope, setScope] = useState<AnswerScope>({});
  const m = report.metrics;
  if (m.n === 0 && m.sent === 0) {
    return <Muted>{t('agent.empty')}</Muted>;
  }
  const base = driverBase(m, report.drivers);
  const total = scope.driver
    ? (report.drivers.find((d) => d.driver === scope.driver)?.count ?? 0)
    : m.n;
  const showReason = (driver: string) => {
    setScope({ band: 'difficult', driver });
    requestAnimationFrame(() => document.getElementById('ces-agent-answers')?.focus());
  };
  return (
    <>
      <Section id="ces-agent-summary" title={t('agent.summary.title')}>
        <ScaleChangeNote scales={report.scales} />
        <AgentSummary report={report} />
      </Section>
      <Columns>
        <Section id="ces-agent-trend" title={t('team.trend.title')}>
          <TrendChart scaleId={report.scaleId} trend={report.trend} />
        </Section>
        <Section id="ces-agent-distribution" title={t('team.distribution.title')}>
          {report.distributions.length === 0 ? (
            <Muted>{t('agent.noAnswers')}</Muted>
          ) : (
            report.distributions.map((d) => (
              <div key={d.scaleId}>
                {report.distributions.length > 1 && (
                  <Muted>{t(`common.scaleNames.${d.scaleId}`)}</Muted>
                )}
                <DistributionChart scaleId={d.scaleId} distribution={d.counts} />
              </div>
            ))
          )}
        </Section>
      </Columns>
      <Section id="ces-agent-drivers" title={t('agent.drivers.title')}>
        {report.drivers.length === 0 ? (
          <Muted>
            {base.difficult > 0
              ? countMessage(i18n, 'team.drivers.unnamed', base.unnamed)
              : t('agent.drivers.empty')}
          </Muted>
        ) : (
          <>
            <Muted style={{ marginTop: 0, marginBottom: 8 }}>{t('agent.drivers.note')}</Muted>
            <DriverList
              drivers={report.drivers}
              team={m}
              selected={scope.driver ?? null}
              onSelect={showReason}
            />
          </>
        )}
      </Section>
      <div id="ces-agent-answers" tabIndex={-1}>
        <Section id="ces-agent-answers-title" title={t('agent.answers.title')}>
          {scope.driver && (
            <Muted style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              {t('team.highEffort.forReason', { reason: driverLabel(i18n, scope.driver) })}
              <Button size="small" isBasic onClick={() => setScope({})}>
                {t('team.highEffort.showAll')}
              </Button>
            </Muted>
          )}
          <AgentAnswers
            agentId={report.agentId}
            filters={filters}
            scope={scope}
            total={total}
            highlightTicketId={ticketId}
          />
        </Section>
      </div>
    </>
  );
}

/** The agent's headline figures: each says what it counts, with its interval and standing. */
function AgentSummary({ report }: { report: AgentReportResponse }) {
  const i18n = useI18n();
  const { t } = i18n;
  const m = report.metrics;
  const s = report.standing;
  return (
    <FigureTiles $minWidth="160px">
      <FigureTile label={t('common.figures.n')}>
        {formatCount(i18n, m.n)}
        <FigureDetail>{t('team.summary.answersCount')}</FigureDetail>
      </FigureTile>
      {m.means.map((mean) => (
        <FigureTile
          key={mean.scaleId}
          label={meanLabel(i18n, mean.scaleId, report.scales.length > 1)}
        >
          {formatMeanOnScale(i18n, mean.scaleId, mean.mean)}
          <FigureDetail>
            {mean.interval
              ? t('agent.summary.meanInterval', {
                  low: formatNumber(i18n, mean.interval.low),
                  high: formatNumber(i18n, mean.interval.high),
                  count: formatCount(i18n, mean.n),
                })
              : t('agent.summary.noInterval')}
          </FigureDetail>
        </FigureTile>
      ))}
      <FigureTile label={t('team.agents.easyWithInterval')}>
        {formatShare(i18n, m.easy)}
        <FigureDetail>
          {t('agent.summary.teamEasy', { easy: formatPercent(i18n, report.team.easy?.value) })}
        </FigureDetail>
      </FigureTile>
      <FigureTile label={t('agent.summary.difficult')}>{formatShare(i18n, m.difficult)}</FigureTile>
      <FigureTile label={t('common.figures.nes')}>
        {formatNes(i18n, m.netEasyScore)}
        <FigureDetail>
          {t('agent.summary.teamNes', { nes: formatNes(i18n, report.team.netEasyScore) })}
        </FigureDetail>
      </FigureTile>
      <FigureTile label={t('common.figures.responseRate')}>
        {formatPercent(i18n, m.responseRate)}
        <RespondedOfSent responded={m.responded} sent={m.sent} />
      </FigureTile>
      <FigureTile label={t('agent.summary.standing')}>
        {s.rank !== null
          ? t('agent.summary.rankOf', {
              rank: rankLabel(i18n, s.rank, s.rankBand),
              of: formatCount(i18n, s.ranked),
            })
          : t('team.agents.unranked', { min: formatCount(i18n, report.ranking.minAnswers) })}
        <FigureDetail>
          <ExpectationMark mark={s.expectation} />
        </FigureDetail>
      </FigureTile>
    </FigureTiles>
  );
}
