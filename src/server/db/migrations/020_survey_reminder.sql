-- One reminder per survey: when the service tagged the ticket for the reminder trigger to email it.
-- Null: no reminder asked for (yet). Set once, never cleared: a survey is reminded at most once.
ALTER TABLE surveys ADD COLUMN reminded_at timestamptz;
-- The report counts answers that came after a reminder among the surveys sent in a period.
CREATE INDEX surveys_reminded_idx ON surveys (reminded_at) WHERE reminded_at IS NOT NULL;
