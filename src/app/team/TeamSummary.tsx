import type { ReactNode } from 'react';
import styled from 'styled-components';
import type { FigureChange, ReportResponse } from '../../shared/api-types.js';
import { periodLength } from '../../shared/period-days.js';
import { useI18n, type I18n } from '../i18n/I18nProvider.js';
import {
  formatCount,
  formatDate,
  formatMeanOnScale,
  formatNes,
  formatPercent,
  formatShare,
  meanLabel,
} from '../i18n/format.js';
import { FigureDetail, FigureTile, FigureTiles, RespondedOfSent } from '../layout/FigureTiles.js';
import { hue } from '../layout/colors.js';
import { Muted } from '../layout/Section.js';

/** The previous period's figure and the change, under the figure. */
const Before = styled(FigureDetail)<{ $beyond: boolean }>`
  margin-top: ${(p) => p.theme.space.xxs};
  color: ${(p) => (p.$beyond ? hue('grey', 800)(p) : hue('grey', 700)(p))};
  font-weight: ${(p) => (p.$beyond ? p.theme.fontWeights.semibold : p.theme.fontWeights.regular)};
`;

/** A signed number in the reader's locale ("+12", "−0.3"). */
function signed(i18n: I18n, value: number, digits: number): string {
  return new Intl.NumberFormat(i18n.intlLocale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: 'exceptZero',
  }).format(value);
}

/**
 * "Before: 48 · change +12 (−8 to +32): no change beyond noise". `unit` formats the change and its
 * bounds (shares in percentage points). Says plainly when there is nothing to compare.
 */
function Comparison({
  previous,
  change,
  unit,
  testId,
}: {
  previous: string;
  change: FigureChange | null;
  unit: (v: number) => string;
  testId: string;
}) {
  const { t } = useI18n();
  if (!change) {
    return <Before $beyond={false}>{t('team.previous.nothingToCompare', { previous })}</Before>;
  }
  return (
    <Before $beyond={change.beyondNoise} data-testid={testId}>
      {t('team.previous.line', {
        previous,
        change: unit(change.difference),
        low: unit(change.low),
        high: unit(change.high),
      })}{' '}
      {t(change.beyondNoise ? 'team.previous.beyondNoise' : 'team.previous.noChange')}
    </Before>
  );
}

/** The exact solve days and zone of the figures, and the previous period they are compared with. */
export function PeriodNote({ report }: { report: ReportResponse }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { from, to } = report.filters;
  return (
    <Muted style={{ marginTop: 0, marginBottom: 8 }} data-testid="ces-team-period">
      {t('team.period.shown', {
        from: formatDate(i18n, from),
        to: formatDate(i18n, to),
        zone: report.timeZone,
        days: formatCount(i18n, periodLength(from, to)),
        previousFrom: formatDate(i18n, report.previous.from),
        previousTo: formatDate(i18n, report.previous.to),
      })}
    </Muted>
  );
}

/** The whole team's figures for the filtered period, each beside the previous period's. */
export function TeamSummary({ report }: { report: ReportResponse }) {
  const i18n = useI18n();
  const { t } = i18n;
  const m = report.team;
  const before = report.previous.team;
  const changes = report.previous.changes;
  const points = (v: number) => t('team.previous.points', { value: signed(i18n, 100 * v, 0) });
  const beforeMean = new Map(before.means.map((s) => [s.scaleId, s.mean]));
  const tile = (key: string, label: string, value: ReactNode) => (
    <FigureTile key={key} label={label}>
      {value}
    </FigureTile>
  );
  // Means are per scale, each beside the previous period's mean on that same scale.
  const means = m.means.map((s) => {
    const onScale = (mean: number | null | undefined) => formatMeanOnScale(i18n, s.scaleId, mean);
    return tile(
      `mean-${s.scaleId}`,
      meanLabel(i18n, s.scaleId, report.scales.length > 1),
      <>
        {onScale(s.mean)}
        <Comparison
          previous={onScale(beforeMean.get(s.scaleId))}
          change={changes.means.find((c) => c.scaleId === s.scaleId)?.change ?? null}
          unit={(v) => signed(i18n, v, 1)}
          testId={`ces-change-mean-${s.scaleId}`}
        />
      </>,
    );
  });
  return (
    <FigureTiles $minWidth="180px">
      {tile(
        'n',
        t('common.figures.n'),
        <>
          {formatCount(i18n, m.n)}
          <FigureDetail>{t('team.summary.answersCount')}</FigureDetail>
          <Comparison
            previous={formatCount(i18n, before.n)}
            change={changes.n}
            unit={(v) => signed(i18n, v, 0)}
            testId="ces-change-n"
          />
        </>,
      )}
      {means}
      {tile(
        'easy',
        t('team.agents.easyWithInterval'),
        <>
          {formatShare(i18n, m.easy)}
          <Comparison
            previous={formatPercent(i18n, before.easy?.value)}
            change={changes.easy}
            unit={points}
            testId="ces-change-easy"
          />
        </>,
      )}
      {tile(
        'difficult',
        t('team.summary.difficultWithInterval'),
        <>
          {formatShare(i18n, m.difficult)}
          <Comparison
            previous={formatPercent(i18n, before.difficult?.value)}
            change={changes.difficult}
            unit={points}
            testId="ces-change-difficult"
          />
        </>,
      )}
      {tile(
        'nes',
        t('common.figures.nes'),
        <>
          {formatNes(i18n, m.netEasyScore)}
          <Comparison
            previous={formatNes(i18n, before.netEasyScore)}
            change={changes.netEasyScore}
            unit={(v) => signed(i18n, v, 0)}
            testId="ces-change-nes"
          />
        </>,
      )}
      {tile(
        'responseRate',
        t('common.figures.responseRate'),
        <>
          {formatPercent(i18n, m.responseRate)}
          <RespondedOfSent responded={m.responded} sent={m.sent} />
          <Comparison
            previous={formatPercent(i18n, before.responseRate)}
            change={changes.responseRate}
            unit={points}
            testId="ces-change-response-rate"
          />
        </>,
      )}
      {report.reminders.reminded > 0 &&
        tile(
          'reminder',
          t('team.reminder.title'),
          <span data-testid="ces-reminder-figures" title={t('team.reminder.definition')}>
            {t('team.reminder.answersAfter')}:{' '}
            {formatCount(i18n, report.reminders.answersAfterReminder)}
            <FigureDetail>
              {t('team.reminder.rateWith')}: {formatPercent(i18n, report.reminders.rateWith)}
            </FigureDetail>
            <FigureDetail>
              {t('team.reminder.rateWithout')}: {formatPercent(i18n, report.reminders.rateWithout)}
            </FigureDetail>
            <FigureDetail>
              {t('team.reminder.reminded')}: {formatCount(i18n, report.reminders.reminded)}
            </FigureDetail>
          </span>,
        )}
    </FigureTiles>
  );
}
