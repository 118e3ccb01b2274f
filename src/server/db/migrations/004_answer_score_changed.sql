-- When the customer last changed the score itself: a follow-up (driver, comment) is not a change
-- of answer, and the sidebar must not call it one.
ALTER TABLE answers ADD COLUMN score_changed_at timestamptz;
