import { useMemo, useState } from 'react';
import styled from 'styled-components';
import type { ReportFilters, ReportResponse } from '../../shared/api-types.js';
import { DistributionChart } from '../charts/DistributionChart.js';
import { TrendChart } from '../charts/TrendChart.js';
import { countOfShare, driverBase } from '../../shared/scoring.js';
import { FunnelPlot } from '../charts/FunnelPlot.js';
import { driverLabel, formatCount, formatDate, nameLabels } from '../i18n/format.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { ScaleChangeNote } from '../layout/ScaleChangeNote.js';
import { Muted, Section } from '../layout/Section.js';
import { OpenAgentContext } from '../navigation/AgentLink.js';
import { AgentTable, DEFAULT_AGENT_SORT, type AgentSort } from './AgentTable.js';
import { CsvExport } from './CsvExport.js';
import { DriverList } from './DriverList.js';
import { Filters } from './Filters.js';
import { GroupTable } from './GroupTable.js';
import { ResolutionPaths } from './ResolutionPaths.js';
import { AnswerList, HighEffortAnswers, type AnswerScope } from './HighEffortList.js';
import { PeriodNote, TeamSummary } from './TeamSummary.js';
import { DEFAULT_PERIOD, localToday, toReportFilters, type FilterChoice } from './period.js';
import { useAccountLists, useReport } from './useTeamData.js';
import { useSession } from '../frame/AppFrame.js';

const Bar = styled.div`
  display: flex;
  flex-wrap: wrap;
  justify-content: space-between;
  align-items: flex-end;
  gap: ${(p) => p.theme.space.sm};
  margin-bottom: ${(p) => p.theme.space.sm};
`;

const Columns = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(360px, 1fr));
  gap: ${(p) => p.theme.space.lg};
`;

/** The team report: filters, figures, charts, drivers and the tickets behind them. */
export function TeamReport({
  now = () => new Date(),
  onOpenAgent,
}: {
  now?: () => Date;
  /** Opens an agent's page with this page's filters (agent names and funnel points link to it). */
  onOpenAgent?: (agentId: number, filters: ReportFilters) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  // The service lets a team lead see their own groups only, one at a time: the first by default.
  const reportGroups = useSession().me?.reportGroups ?? [];
  const own = reportGroups === 'all' ? null : reportGroups;
  const [choice, setChoice] = useState<FilterChoice>({
    days: DEFAULT_PERIOD,
    ...(own && own.length > 0 ? { groupId: own[0] } : {}),
  });
  // Computed once per choice: the page and its CSV export use the very same filters.
  const filters = useMemo(() => toReportFilters(choice, now()), [choice, now]);
  const report = useReport(filters);
  // Lives here, not in the table, so the CSV export comes out in the order on screen.
  const [sort, setSort] = useState<AgentSort>(DEFAULT_AGENT_SORT);
  const lists = useAccountLists();
  const groups = (lists.data?.groups ?? []).filter((g) => own === null || own.includes(g.id));
  const brands = lists.data?.brands ?? [];

  const openAgent = useMemo(
    () => (onOpenAgent ? (agentId: number) => onOpenAgent(agentId, filters) : null),
    [onOpenAgent, filters],
  );

  return (
    <OpenAgentContext.Provider value={openAgent}>
      <Bar>
        <Filters
          choice={choice}
          current={filters}
          today={localToday(now())}
          groups={groups}
          brands={brands}
          onChange={setChoice}
          allGroups={own === null}
        />
        <CsvExport filters={filters} sort={sort} />
      </Bar>
      {lists.status === 'error' && <Muted role="note">{t('team.filters.listsFailed')}</Muted>}
      <ResponseHandler
        query={report}
        forbidden={t('team.forbidden')}
        isEmpty={(r) => r.team.n === 0}
        empty={t('team.empty', {
          from: formatDate(i18n, filters.from),
          to: formatDate(i18n, filters.to),
        })}
      >
        {(r) => <ReportBody report={r} filters={filters} sort={sort} onSort={setSort} />}
      </ResponseHandler>
    </OpenAgentContext.Provider>
  );
}

function ReportBody({
  report,
  filters,
  sort,
  onSort,
}: {
  report: ReportResponse;
  filters: ReturnType<typeof toReportFilters>;
  sort: AgentSort;
  onSort: (next: AgentSort) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  // The high-effort list: the report's newest, or narrowed to one agent or one reason.
  const [scope, setScope] = useState<AnswerScope>({});
  // The service names every agent and group the report mentions, from Zendesk.
  const names = nameLabels(i18n, 'user', report.names.agents);
  const groups = nameLabels(i18n, 'group', report.names.groups);
  const nameOf = (id: number) => names.get(id) ?? t('common.names.userUnknown', { id });
  const showAnswers = (next: AnswerScope) => {
    setScope(next);
    requestAnimationFrame(() => document.getElementById('ces-team-tickets')?.focus());
  };
  // A period spanning a scale change: charts show what combines (% easy) or split by scale.
  const acrossScales = report.scales.length > 1;
  const agentRow = report.agents.find((a) => a.agentId === scope.agentId);
  const driverRow = report.drivers.find((d) => d.driver === scope.driver);
  const scoped = scope.agentId !== undefined || scope.driver !== undefined;
  const total = agentRow
    ? countOfShare(agentRow.metrics.difficult, agentRow.metrics.n)
    : driverRow
      ? driverRow.count
      : driverBase(report.team, report.drivers).difficult;

  return (
    <>
      <Section id="ces-team-summary" title={t('team.summary.title')}>
        <PeriodNote report={report} />
        <ScaleChangeNote scales={report.scales} />
        <TeamSummary report={report} />
      </Section>
      <Section id="ces-team-agents" title={t('team.agents.title')}>
        <Muted style={{ marginTop: 0, marginBottom: 8 }}>
          <span>
            {t(
              report.ranking.measure === 'shrunkEasy'
                ? 'common.scaleChange.rankingNote'
                : 'team.agents.rankingNote',
              {
                c: formatCount(i18n, report.ranking.priorWeight),
                min: formatCount(i18n, report.ranking.minAnswers),
              },
            )}
          </span>{' '}
          <span>{t('team.agents.bandNote')}</span>
        </Muted>
        <AgentTable
          report={report}
          names={names}
          sort={sort}
          onSort={onSort}
          onShowAnswers={(agentId) => showAnswers({ agentId })}
        />
      </Section>
      <Section id="ces-team-funnel" title={t('team.funnel.title')}>
        <Muted style={{ marginTop: 0, marginBottom: 8 }}>{t('team.funnel.note')}</Muted>
        <FunnelPlot
          agents={report.agents}
          standings={report.standings}
          teamEasy={report.team.easy?.value ?? null}
          nameOf={nameOf}
        />
      </Section>
      <Columns>
        <Section id="ces-team-distribution" title={t('team.distribution.title')}>
          {acrossScales ? (
            // Points mean different things on each scale: one chart per scale, never merged.
            <>
              <Muted role="note" style={{ marginTop: 0 }}>
                {t('team.distribution.perScaleNote')}
              </Muted>
              {report.distributions.map((d) => (
                <DistributionChart
                  key={d.scaleId}
                  scaleId={d.scaleId}
                  distribution={d.counts}
                  title={t('team.distribution.onScale', {
                    scale: t(`common.scaleNames.${d.scaleId}`),
                  })}
                />
              ))}
            </>
          ) : (
            <DistributionChart scaleId={report.scaleId} distribution={report.distribution} />
          )}
        </Section>
        <Section id="ces-team-trend" title={t('team.trend.title')}>
          {acrossScales && (
            <Muted role="note" style={{ marginTop: 0 }}>
              {t('team.trend.easyNote')}
            </Muted>
          )}
          <TrendChart
            scaleId={report.scales[0]?.scaleId ?? report.scaleId}
            trend={report.trend}
            measure={acrossScales ? 'easy' : 'mean'}
          />
        </Section>
      </Columns>
      <Section id="ces-team-drivers" title={t('team.drivers.title')}>
        {report.drivers.length === 0 ? (
          <Muted>{t('team.drivers.empty')}</Muted>
        ) : (
          <>
            <Muted style={{ marginTop: 0, marginBottom: 8 }}>{t('team.drivers.note')}</Muted>
            <DriverList
              drivers={report.drivers}
              team={report.team}
              selected={scope.driver ?? null}
              onSelect={(driver) => showAnswers({ driver })}
            />
          </>
        )}
      </Section>
      <Section id="ces-team-paths" title={t('team.paths.title')}>
        <ResolutionPaths paths={report.paths} />
      </Section>
      <Section id="ces-team-groups" title={t('team.groups.title')}>
        <GroupTable report={report} names={groups} />
      </Section>
      <div id="ces-team-tickets" tabIndex={-1}>
        <Section id="ces-team-tickets-title" title={t('team.highEffort.title')}>
          {total === 0 && !scoped ? (
            <AnswerList answers={[]} scaleId={report.scaleId} names={names} />
          ) : (
            <HighEffortAnswers
              // A fresh list per scope and filters: no answers of the previous choice linger.
              key={`${JSON.stringify(scope)}:${JSON.stringify(filters)}`}
              filters={filters}
              scope={scope}
              total={total}
              scaleId={report.scaleId}
              names={names}
              {...(scoped
                ? {
                    heading:
                      scope.agentId !== undefined
                        ? t('team.highEffort.forAgent', { name: nameOf(scope.agentId) })
                        : t('team.highEffort.forReason', {
                            reason: driverLabel(i18n, scope.driver ?? ''),
                          }),
                    onClose: () => setScope({}),
                  }
                : { initial: report.highEffort })}
            />
          )}
        </Section>
      </div>
    </>
  );
}
