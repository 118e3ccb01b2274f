/** The agent table as CSV (RFC 4180), safe to open in a spreadsheet. */
import type { AgentRow, NamedRef } from '../../shared/api-types.js';

type Cell = string | number | null;

/**
 * One CSV field. Text that a spreadsheet would run as a formula (= + - @, tab, CR first) gets a
 * leading apostrophe; a field with a comma, quote or line break is quoted with quotes doubled.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of cells as CSV text: CRLF line ends, a trailing CRLF, as RFC 4180 describes. */
export function toCsv(rows: ReadonlyArray<readonly Cell[]>): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const round = (v: number | null | undefined, digits: number): number | null =>
  v === null || v === undefined ? null : Number(v.toFixed(digits));
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? null : round(100 * v, 1);

export const AGENT_CSV_HEADER = [
  'agent_id',
  'agent_name',
  'rank',
  'answers',
  'mean',
  'mean_low',
  'mean_high',
  'easy_pct',
  'easy_low_pct',
  'easy_high_pct',
  'difficult_pct',
  'net_easy_score',
  'sent',
  'responded',
  'response_rate_pct',
  'shrunk_mean',
  'csat_pct',
] as const;

/**
 * The agent rows as the team page's table shows them, one line each, after a header. The name is
 * Zendesk's; empty for a user Zendesk no longer has (or could not name), beside the id.
 */
export function agentRowsCsv(rows: readonly AgentRow[], names: readonly NamedRef[] = []): string {
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return toCsv([
    AGENT_CSV_HEADER,
    ...rows.map((r) => {
      const m = r.metrics;
      return [
        r.agentId,
        nameOf.get(r.agentId) ?? null,
        r.rank,
        m.n,
        round(m.mean, 2),
        round(m.meanInterval?.low, 2),
        round(m.meanInterval?.high, 2),
        pct(m.easy?.value),
        pct(m.easy?.low),
        pct(m.easy?.high),
        pct(m.difficult?.value),
        round(m.netEasyScore, 1),
        m.sent,
        m.responded,
        pct(m.responseRate),
        round(r.shrunkMean, 2),
        pct(r.csat?.value),
      ];
    }),
  ]);
}
