import {
  DEFAULT_ACCESS_POLICY,
  MAX_TEAM_LEAD_ROLES,
  MAX_TEAM_LEAD_USERS,
  type AccessPolicy,
  type AuditEntry,
} from '../../shared/access.js';
import type { Queryable } from '../db/database.js';

/** The stored policy over the defaults (the defaults when none is stored). */
export async function getAccessPolicy(db: Queryable): Promise<AccessPolicy> {
  const { rows } = await db.query<{ data: Partial<AccessPolicy> }>(
    'SELECT data FROM access_policy WHERE id = 1',
  );
  return { ...DEFAULT_ACCESS_POLICY, ...(rows[0]?.data ?? {}) };
}

export async function saveAccessPolicy(db: Queryable, policy: AccessPolicy): Promise<void> {
  await db.query(
    `INSERT INTO access_policy (id, data, updated_at) VALUES (1, $1::jsonb, now())
     ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
    [JSON.stringify(policy)],
  );
}

/** Problems of a policy, by field; [] when it can be stored. */
export function validateAccessPolicy(
  policy: AccessPolicy,
): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (policy.teamLeadRoles.length > MAX_TEAM_LEAD_ROLES)
    problems.push({
      field: 'teamLeadRoles',
      message: `Name at most ${MAX_TEAM_LEAD_ROLES} roles.`,
    });
  if (policy.teamLeadUserIds.length > MAX_TEAM_LEAD_USERS)
    problems.push({
      field: 'teamLeadUserIds',
      message: `Name at most ${MAX_TEAM_LEAD_USERS} users.`,
    });
  return problems;
}

export interface AuditRecord {
  userId: number;
  userName: string | null;
  action: string;
  changes: AuditEntry['changes'];
}

export async function recordAudit(db: Queryable, record: AuditRecord): Promise<void> {
  await db.query(
    'INSERT INTO audit_log (user_id, user_name, action, changes) VALUES ($1, $2, $3, $4::jsonb)',
    [record.userId, record.userName, record.action, JSON.stringify(record.changes)],
  );
}

export class InvalidAuditCursorError extends Error {
  constructor() {
    super('"cursor" is not one this service gave: use the nextCursor of the previous page.');
  }
}

/** Newest first; the cursor is the last id of the previous page. */
export async function listAudit(
  db: Queryable,
  options: { limit: number; cursor?: string },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  let before: number | null = null;
  if (options.cursor !== undefined) {
    if (!/^[1-9]\d{0,15}$/.test(options.cursor)) throw new InvalidAuditCursorError();
    before = Number(options.cursor);
  }
  const { rows } = await db.query<{
    id: number;
    at: Date;
    user_id: number;
    user_name: string | null;
    action: string;
    changes: AuditEntry['changes'];
  }>(
    `SELECT id, at, user_id, user_name, action, changes FROM audit_log
     WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY id DESC LIMIT $2`,
    [before, options.limit + 1],
  );
  const page = rows.slice(0, options.limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      user: { id: Number(r.user_id), name: r.user_name },
      action: r.action,
      changes: r.changes,
    })),
    nextCursor: rows.length > options.limit ? String(page[page.length - 1]!.id) : null,
  };
}

/**
 * What changed between two JSON documents, leaf by leaf (arrays as a whole), with both values.
 * Keys in `secret` are named but their values never stored.
 */
export function diffDocuments(
  before: unknown,
  after: unknown,
  secret: ReadonlySet<string> = new Set(),
  prefix = '',
): AuditEntry['changes'] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) =>
      diffDocuments(before[key], after[key], secret, prefix ? `${prefix}.${key}` : key),
    );
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (secret.has(prefix)) return [{ path: prefix }];
  return [{ path: prefix, from: before ?? null, to: after ?? null }];
}
