import styled from 'styled-components';
import { Table } from '@zendeskgarden/react-tables';
import type { Metrics, ResolutionPaths as Paths } from '../../shared/api-types.js';
import { useI18n, type I18n } from '../i18n/I18nProvider.js';
import { formatCount, formatNumber } from '../i18n/format.js';
import { hue } from '../layout/colors.js';
import { Muted } from '../layout/Section.js';
import { Figure, FigureTable, ShareFigure } from './AgentTable.js';
import { CHANNELS } from './period.js';

const Tables = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(420px, 1fr));
  gap: ${(p) => p.theme.space.md};
  overflow-x: auto;
`;

const Caption = styled.h3`
  margin: ${(p) => p.theme.space.xs} 0 ${(p) => p.theme.space.xxs};
  font-size: ${(p) => p.theme.fontSizes.md};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
`;

const Interval = styled.div`
  font-size: ${(p) => p.theme.fontSizes.sm};
  color: ${hue('grey', 700)};
`;

interface PathLine {
  key: string;
  label: string;
  metrics: Metrics;
}

/** The mean on its scale with its interval; per scale, one line each, when the period has more. */
function MeanFigure({ metrics }: { metrics: Metrics }) {
  const i18n = useI18n();
  const { t } = i18n;
  const interval = (range: { low: number; high: number } | null) =>
    range ? (
      <Interval>
        {t('common.figures.interval', {
          low: formatNumber(i18n, range.low),
          high: formatNumber(i18n, range.high),
        })}
      </Interval>
    ) : null;
  if (metrics.mean !== null || metrics.means.length === 0) {
    return (
      <Figure>
        {formatNumber(i18n, metrics.mean)}
        {interval(metrics.meanInterval)}
      </Figure>
    );
  }
  return (
    <Figure>
      {metrics.means.map((s) => (
        <div key={s.scaleId}>
          {t('team.paths.meanOnScale', {
            mean: formatNumber(i18n, s.mean),
            scale: t(`common.scaleNames.${s.scaleId}`),
          })}
          {interval(s.interval)}
        </div>
      ))}
    </Figure>
  );
}

function PathTable({ title, label, lines }: { title: string; label: string; lines: PathLine[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div>
      <Caption>{title}</Caption>
      <FigureTable size="small" isReadOnly aria-label={title}>
        <Table.Head>
          <Table.HeaderRow>
            <Table.HeaderCell>{label}</Table.HeaderCell>
            <Table.HeaderCell>{t('common.figures.n')}</Table.HeaderCell>
            <Table.HeaderCell>{t('team.agents.easyWithInterval')}</Table.HeaderCell>
            <Table.HeaderCell>{t('team.paths.difficultWithInterval')}</Table.HeaderCell>
            <Table.HeaderCell>{t('common.figures.mean')}</Table.HeaderCell>
          </Table.HeaderRow>
        </Table.Head>
        <Table.Body>
          {lines.map((line) => (
            <Table.Row key={line.key}>
              <Table.Cell>{line.label}</Table.Cell>
              <Figure>{formatCount(i18n, line.metrics.n)}</Figure>
              <ShareFigure share={line.metrics.easy} />
              <ShareFigure share={line.metrics.difficult} />
              <MeanFigure metrics={line.metrics} />
            </Table.Row>
          ))}
        </Table.Body>
      </FigureTable>
    </div>
  );
}

/** A channel's name: the known ones translated, any other as Zendesk spells it. */
function channelLabel(i18n: I18n, channel: string): string {
  if (channel === '') return i18n.t('team.paths.noChannel');
  return (CHANNELS as readonly string[]).includes(channel)
    ? i18n.t(`team.channels.${channel}`)
    : channel;
}

/**
 * Effort by resolution path: one-touch vs multi-touch, reopened or not (Zendesk's ticket metrics
 * as the service captured them at the solve), and by channel. Answers without metrics are shown
 * as "unknown", never dropped.
 */
export function ResolutionPaths({ paths }: { paths: Paths }) {
  const i18n = useI18n();
  const { t } = i18n;
  const withAnswers = (lines: PathLine[]) => lines.filter((l) => l.metrics.n > 0);
  const touch = withAnswers(
    paths.touch.map((p) => ({
      key: p.path,
      label: t(`team.paths.touch.${p.path}`),
      metrics: p.metrics,
    })),
  );
  const reopened = withAnswers(
    paths.reopened.map((p) => ({
      key: p.path,
      label: t(`team.paths.reopened.${p.path}`),
      metrics: p.metrics,
    })),
  );
  const channels = paths.channels.map((c) => ({
    key: c.channel,
    label: channelLabel(i18n, c.channel),
    metrics: c.metrics,
  }));
  return (
    <>
      <Muted style={{ marginTop: 0, marginBottom: 8 }}>{t('team.paths.note')}</Muted>
      {paths.withMetrics === 0 ? (
        <Muted role="note">{t('team.paths.empty')}</Muted>
      ) : (
        <Muted role="note" style={{ marginTop: 0, marginBottom: 8 }}>
          {t('team.paths.coverage', {
            known: formatCount(i18n, paths.withMetrics),
            total: formatCount(i18n, paths.withMetrics + paths.withoutMetrics),
            unknown: formatCount(i18n, paths.withoutMetrics),
          })}
        </Muted>
      )}
      <Tables>
        {paths.withMetrics > 0 && (
          <>
            <PathTable
              title={t('team.paths.touchTitle')}
              label={t('team.paths.path')}
              lines={touch}
            />
            <PathTable
              title={t('team.paths.reopenedTitle')}
              label={t('team.paths.path')}
              lines={reopened}
            />
          </>
        )}
        {channels.length > 0 && (
          <PathTable
            title={t('team.paths.channelTitle')}
            label={t('team.filters.channel')}
            lines={channels}
          />
        )}
      </Tables>
    </>
  );
}
