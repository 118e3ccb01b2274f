/**
 * The words and limits of access that the API contract names too: apart from access.ts so the
 * contract (src/shared/contract/access.ts) can use them and access.ts its types, with no cycle.
 */

/** What a user may use; GET /api/v1/me lists the user's. */
export const CAPABILITIES = [
  /** This ticket's survey, this requester's answers, "send now" for tickets the user can see. */
  'sidebar',
  /** The user's own figures (with the team's as context). */
  'ownFigures',
  /** The team page, agents' figures and exports: for `groups` (or every group). */
  'teamReport',
  'settings',
  'setup',
  'outbox',
  'audit',
  /** Erasing a requester's answers and comments (docs/data-protection.md). */
  'dataProtection',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const MAX_TEAM_LEAD_ROLES = 50;
export const MAX_TEAM_LEAD_USERS = 500;
/** How many agents one search shows: enough to pick from, few enough to read. */
export const MAX_AGENT_SEARCH_RESULTS = 20;
