/**
 * The agent table's columns it can be sorted by: the app's sortable table, the CSV export and the
 * API's `sort` parameter. Apart from scoring.ts so the API contract can name them without zod
 * reaching the app through scoring.ts.
 */
export const AGENT_SORT_KEYS = [
  'rank',
  'agentId',
  'n',
  'mean',
  'easy',
  'difficult',
  'netEasyScore',
  'responseRate',
  'shrunkMean',
  'shrunkEasy',
  'csat',
] as const;
export type AgentSortKey = (typeof AGENT_SORT_KEYS)[number];
