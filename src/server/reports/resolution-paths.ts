/**
 * Effort by resolution path (issue 9, item 7): the team report's answers split by how the ticket
 * was resolved — one-touch or multi-touch, reopened or not — and by channel. The counts come from
 * the path rollup (migration 011: Zendesk's ticket metrics as captured right after the solve); the
 * figures from src/shared/scoring.ts, the same formulas as every other row of the report.
 */
import type { Queryable } from '../db/database.js';
import type {
  ReopenPath,
  ResolutionPaths,
  ScaleInPeriod,
  TouchPath,
} from '../../shared/api-types.js';
import { SCALES, type ScaleId } from '../../shared/scales.js';
import { combineMetrics, type ScaledTally } from '../../shared/scoring.js';
import type { ReportScope } from './report-queries.js';

export const TOUCH_PATHS: readonly TouchPath[] = ['one', 'multi', 'none', 'unknown'];
export const REOPEN_PATHS: readonly ReopenPath[] = ['no', 'yes', 'unknown'];

export interface PathRow {
  scaleId: ScaleId;
  touch: TouchPath;
  reopened: ReopenPath;
  channel: string;
  /** Answers per scale point: counts[p - 1] is the count of point p (1..10). */
  counts: number[];
}

const POINTS = Array.from({ length: 10 }, (_, i) => i + 1);

/**
 * Answers per scale, path and channel in the scope (the agent filter does not apply: the rollup
 * has no agent, as the report's reasons have none).
 */
export async function tallyPaths(db: Queryable, scope: ReportScope): Promise<PathRow[]> {
  const params: unknown[] = [
    [...(scope.scaleIds ?? (Object.keys(SCALES) as ScaleId[]))],
    scope.fromDay,
    scope.toDay,
  ];
  let filters = '';
  for (const [column, value] of [
    ['group_id', scope.groupId],
    ['brand_id', scope.brandId],
    ['channel', scope.channel],
  ] as const) {
    if (value === null || value === undefined) continue;
    params.push(value);
    filters += ` AND r.${column} = $${params.length}`;
  }
  // Without a group or brand filter, the rollup without those columns: far fewer rows to sum.
  const table =
    scope.groupId == null && scope.brandId == null ? 'report_path_total_day' : 'report_path_day';
  const { rows } = await db.query<
    Record<`n${number}`, number> & {
      scale_id: ScaleId;
      touch: TouchPath;
      reopened: ReopenPath;
      channel: string;
    }
  >(
    `SELECT r.scale_id, r.touch, r.reopened, r.channel,
            ${POINTS.map((p) => `sum(r.n${p})::int AS n${p}`).join(', ')}
       FROM ${table} r
      WHERE r.scale_id = ANY($1::text[]) AND r.day >= $2::date AND r.day <= $3::date${filters}
      GROUP BY r.scale_id, r.touch, r.reopened, r.channel`,
    params,
  );
  return rows.map((r) => ({
    scaleId: r.scale_id,
    touch: r.touch,
    reopened: r.reopened,
    channel: r.channel,
    counts: POINTS.map((p) => Number(r[`n${p}`] ?? 0)),
  }));
}

/**
 * The three breakdowns. `scales` (the report's, oldest first) orders each row's per-scale means
 * and says whether one mean may be shown (one scale in the period): means never mix scales.
 */
export function resolutionPaths(
  rows: readonly PathRow[],
  scales: readonly ScaleInPeriod[],
): ResolutionPaths {
  const oneScale = scales.length <= 1;
  const order = new Map(scales.map((s, i) => [s.scaleId, i]));
  const split = <K extends string>(keyOf: (r: PathRow) => K) => {
    const out = new Map<K, Map<ScaleId, Map<number, number>>>();
    for (const r of rows) {
      const key = keyOf(r);
      const byScale = out.get(key) ?? new Map<ScaleId, Map<number, number>>();
      out.set(key, byScale);
      const tally = byScale.get(r.scaleId) ?? new Map<number, number>();
      byScale.set(r.scaleId, tally);
      r.counts.forEach((count, i) => {
        if (count !== 0) tally.set(i + 1, (tally.get(i + 1) ?? 0) + count);
      });
    }
    return out;
  };
  const metricsOf = (byScale: Map<ScaleId, Map<number, number>> | undefined) => {
    const sorted: ScaledTally = new Map(
      [...(byScale ?? new Map<ScaleId, Map<number, number>>())].sort(
        ([a], [b]) => (order.get(a) ?? 99) - (order.get(b) ?? 99) || a.localeCompare(b),
      ),
    );
    return combineMetrics(sorted, { sent: 0, responded: 0 }, oneScale);
  };
  const touch = split((r) => r.touch);
  const reopened = split((r) => r.reopened);
  const channels = [...split((r) => r.channel)]
    .map(([channel, byScale]) => ({ channel, metrics: metricsOf(byScale) }))
    .filter((c) => c.metrics.n > 0)
    .sort((a, b) => b.metrics.n - a.metrics.n || a.channel.localeCompare(b.channel));
  const touchRows = TOUCH_PATHS.map((path) => ({ path, metrics: metricsOf(touch.get(path)) }));
  const unknown = touchRows.find((t) => t.path === 'unknown')?.metrics.n ?? 0;
  const all = touchRows.reduce((sum, t) => sum + t.metrics.n, 0);
  return {
    touch: touchRows,
    reopened: REOPEN_PATHS.map((path) => ({ path, metrics: metricsOf(reopened.get(path)) })),
    channels,
    withMetrics: all - unknown,
    withoutMetrics: unknown,
  };
}
