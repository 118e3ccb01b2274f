-- The report's reminder figures read only the surveys that got the reminder (report-queries.ts,
-- tallyReminders): by solve time, as the rollups, through this partial index, so the team report
-- never scans every survey sent in the period for them.
CREATE INDEX surveys_reminded_by_solve
  ON surveys ((coalesce(solved_at, created_at)))
  WHERE reminded_at IS NOT NULL;
