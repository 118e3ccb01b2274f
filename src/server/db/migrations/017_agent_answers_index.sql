-- An agent's page lists that agent's answers newest solve first, a page at a time
-- (GET /api/v1/agents/:id/answers, /report/answers?agentId=): this index walks one agent's
-- surveys in that order instead of every survey of the period until 20 of theirs turn up.
CREATE INDEX IF NOT EXISTS surveys_assignee_solve_idx
  ON surveys (assignee_id, (coalesce(solved_at, created_at)), id);
