import { ChartFrame } from './ChartFrame.js';
import type { ReportResponse } from '../../shared/api-types.js';
import { getScale, isDifficult, isEasy, points, type ScaleId } from '../../shared/scales.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { countMessage, formatCount, pointLabel } from '../i18n/format.js';
import { useId } from 'react';
import { BandPatterns, bandFill, type Band } from './BandPatterns.js';

const ROW = 24;
const LABEL_W = 230;
const BAR_W = 240;
const COUNT_W = 60;

/** Answers per scale point as horizontal bars, most effort first, each labelled with its count. */
export function DistributionChart({
  scaleId,
  distribution,
  title,
}: {
  scaleId: ScaleId;
  distribution: ReportResponse['distribution'];
  /** Default: the section's title; one per scale names its scale. */
  title?: string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const scale = getScale(scaleId);
  // useId gives ':r1:'; an SVG url(#…) reference wants a plain name.
  const prefix = `ces-band-${useId().replace(/[^A-Za-z0-9]/g, '')}`;
  const counts = new Map(distribution.map((d) => [d.score, d.count]));
  const rows = points(scale).map((score) => {
    const band: Band = isEasy(scale, score)
      ? 'easy'
      : isDifficult(scale, score)
        ? 'difficult'
        : 'neutral';
    const label = pointLabel(i18n, scaleId, score);
    return {
      score,
      band,
      count: counts.get(score) ?? 0,
      label: label ? `${score} · ${label}` : `${score}`,
    };
  });
  const most = Math.max(1, ...rows.map((r) => r.count));
  const height = rows.length * ROW + 4;
  const width = LABEL_W + BAR_W + COUNT_W;
  const description = rows
    .map((r) =>
      countMessage(i18n, 'team.distribution.row', r.count, {
        point: r.label,
        band: t(`common.bands.${r.band}`),
      }),
    )
    .join('; ');
  return (
    <ChartFrame
      width={width}
      height={height}
      title={title ?? t('team.distribution.title')}
      description={description}
      after={<Legend prefix={prefix} />}
    >
      <BandPatterns prefix={prefix} />
      {rows.map((r, i) => {
        const y = i * ROW + 2;
        const w = (r.count / most) * BAR_W;
        return (
          <g key={r.score} aria-hidden="true">
            <text x={LABEL_W - 6} y={y + ROW / 2 + 4} textAnchor="end" fontSize="12" fill="#2f3941">
              {r.label}
            </text>
            <rect
              x={LABEL_W}
              y={y + 3}
              width={Math.max(w, r.count > 0 ? 2 : 0)}
              height={ROW - 6}
              fill={bandFill(prefix, r.band)}
              stroke="#68737d"
              strokeWidth={r.count > 0 ? 0.5 : 0}
            />
            <text x={LABEL_W + w + 6} y={y + ROW / 2 + 4} fontSize="12" fill="#2f3941">
              {formatCount(i18n, r.count)}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

/** Which texture means which band, in words. */
export function Legend({ prefix }: { prefix: string }) {
  const { t } = useI18n();
  const bands: Band[] = ['difficult', 'neutral', 'easy'];
  return (
    <figcaption style={{ display: 'flex', gap: 16, flexWrap: 'wrap', fontSize: 12, marginTop: 4 }}>
      {bands.map((b) => (
        <span key={b} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          {/* The patterns are defined once, in the chart above. */}
          <svg width="14" height="14" aria-hidden="true">
            <rect
              width="14"
              height="14"
              fill={bandFill(prefix, b)}
              stroke="#68737d"
              strokeWidth="0.5"
            />
          </svg>
          {t(`common.bands.${b}`)}
        </span>
      ))}
    </figcaption>
  );
}
