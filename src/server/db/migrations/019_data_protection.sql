-- Data protection (issue 15, item 6; docs/data-protection.md). A requester's data is erased in
-- place, never deleted: the survey and answer rows keep what the reports count (score, scale,
-- reason, CSAT, solve day, agent, group, brand, channel, delivery state) and lose who answered and
-- what they wrote. None of the columns erased here is read by the rollup triggers (003, 007, 011),
-- so no rollup row changes and every figure stays exact.
--
-- erased_at: when the survey's requester was erased (their Zendesk user deleted, or an admin's
-- request); the survey then has no requester, no link token and no comment.
ALTER TABLE surveys ADD COLUMN erased_at timestamptz;
-- comment_erased_at: when the answer's comment was erased (with its requester, or by the comment
-- retention period), so lists can say "erased" rather than "no comment".
ALTER TABLE answers ADD COLUMN comment_erased_at timestamptz;

-- The retention sweep finds comments written before a cut-off without walking every answer.
CREATE INDEX answers_comment_written_idx ON answers (updated_at) WHERE comment IS NOT NULL;
