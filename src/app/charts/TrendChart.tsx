import { ChartFrame } from './ChartFrame.js';
import type { TrendPoint } from '../../shared/api-types.js';
import { getScale, type ScaleId } from '../../shared/scales.js';
import { useI18n } from '../i18n/I18nProvider.js';
import {
  countMessage,
  formatCount,
  formatNumber,
  formatPercent,
  formatShortDate,
  weekSummary,
} from '../i18n/format.js';

const W = 560;
const H = 200;
const LEFT = 36;
const RIGHT = 30;
const TOP = 12;
const BOTTOM = 44;

/**
 * Weekly mean on the scale's full range, with each week's n under its label (a week of 2
 * answers should look as thin as it is). A table with the same figures follows the picture.
 * `measure: 'easy'` plots % easy on 0–100% instead: what a period spanning a scale change can
 * show, since % easy combines across scales and means never do.
 */
export function TrendChart({
  scaleId,
  trend,
  measure = 'mean',
}: {
  scaleId: ScaleId;
  trend: TrendPoint[];
  measure?: 'mean' | 'easy';
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const scale = getScale(scaleId);
  const [min, max] = measure === 'easy' ? [0, 1] : [scale.min, scale.max];
  const valueOf = (p: TrendPoint) => (measure === 'easy' ? p.easyShare : p.mean);
  const n = trend.length;
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const x = (i: number) => LEFT + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => TOP + plotH - ((v - min) / (max - min)) * plotH;
  const ticks = [min, (min + max) / 2, max];
  const tickLabel = (v: number) =>
    measure === 'easy'
      ? formatPercent(i18n, v)
      : formatNumber(i18n, v, Number.isInteger(v) ? 0 : 1);
  // Label at most ~8 weeks on the axis so the labels never overlap.
  const every = Math.max(1, Math.ceil(n / 8));
  let path = '';
  trend.forEach((p, i) => {
    const v = valueOf(p);
    if (v === null) {
      path += ' ';
      return;
    }
    const prev = i > 0 ? trend[i - 1] : undefined;
    path += `${i === 0 || !prev || valueOf(prev) === null ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  const description = trend
    .map((w) =>
      measure === 'easy' && w.n > 0
        ? countMessage(i18n, 'common.figures.weekEasySummary', w.n, {
            week: formatShortDate(i18n, w.weekStart),
            easy: formatPercent(i18n, w.easyShare),
          })
        : weekSummary(i18n, w),
    )
    .join('; ');
  return (
    <ChartFrame
      width={W}
      height={H}
      title={t(measure === 'easy' ? 'team.trend.easyTitle' : 'team.trend.title')}
      description={description}
      after={
        <>
          <details>
            <summary>{t('team.trend.asTable')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('team.trend.week')}</th>
                  <th scope="col">{t('common.figures.n')}</th>
                  <th scope="col">{t('common.figures.mean')}</th>
                  <th scope="col">{t('common.figures.easy')}</th>
                </tr>
              </thead>
              <tbody>
                {trend.map((p) => (
                  <tr key={p.weekStart}>
                    <th scope="row">{formatShortDate(i18n, p.weekStart)}</th>
                    <td>{formatCount(i18n, p.n)}</td>
                    <td>{formatNumber(i18n, p.mean)}</td>
                    <td>{formatPercent(i18n, p.easyShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      }
    >
      <g aria-hidden="true">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={LEFT} x2={W - RIGHT} y1={y(v)} y2={y(v)} stroke="#e9ebed" />
            <text x={LEFT - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#68737d">
              {tickLabel(v)}
            </text>
          </g>
        ))}
        <path d={path.trim()} fill="none" stroke="#1f73b7" strokeWidth="2" />
        {trend.map((p, i) =>
          valueOf(p) === null ? null : (
            <circle
              key={p.weekStart}
              cx={x(i)}
              cy={y(valueOf(p)!)}
              r="3.5"
              fill="#fff"
              stroke="#1f73b7"
              strokeWidth="2"
            />
          ),
        )}
        {trend.map((p, i) =>
          i % every === 0 ? (
            <g key={p.weekStart}>
              <text x={x(i)} y={H - BOTTOM + 16} textAnchor="middle" fontSize="11" fill="#2f3941">
                {formatShortDate(i18n, p.weekStart)}
              </text>
              <text x={x(i)} y={H - BOTTOM + 30} textAnchor="middle" fontSize="10" fill="#68737d">
                {t('team.trend.nShort', { n: formatCount(i18n, p.n) })}
              </text>
            </g>
          ) : null,
        )}
      </g>
    </ChartFrame>
  );
}
