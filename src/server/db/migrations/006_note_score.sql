-- What the ticket's internal notes have said, so a note is written once per answer and again only
-- when the score changes ("from 2 to 7"): a reason or comment arriving later updates the fields.
-- note_score: the score the last written note stated. note_pending_score: the score of a note
-- sent to Zendesk whose answer has not come back yet (a lost response may still have landed).
ALTER TABLE surveys ADD COLUMN note_score integer;
ALTER TABLE surveys ADD COLUMN note_pending_score integer;
-- note_count: notes written that carry the survey's reference (CES-<id>); after a lost answer,
-- more such notes on the ticket than counted means the note landed.
ALTER TABLE surveys ADD COLUMN note_count integer NOT NULL DEFAULT 0;
-- Answers written back before this migration have their note, stating the answer's score unless
-- the score changed after that write-back: then the note's score is unknown, and the next
-- write-back writes a note with the current score rather than staying silent about the change.
UPDATE surveys s SET note_score = a.score
  FROM answers a
 WHERE a.survey_id = s.id AND s.writeback_version > 0
   AND (s.writeback_version >= a.version
        OR a.score_changed_at IS NULL OR a.score_changed_at <= s.writeback_at);
