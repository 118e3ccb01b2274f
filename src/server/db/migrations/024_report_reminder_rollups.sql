-- The report's reminder figures (surveys that got the one reminder, and answers given after it)
-- come from the rollups, as sent and responded do: two more counts on the agent and segment rows,
-- by day and by week. Until now they were counted from the reminded surveys themselves (023),
-- which put the team report at ~565 ms p95 on 1M answers when every unanswered survey is reminded.
-- A survey counts as reminded where it counts as sent (published, not superseded or replaced, on
-- its solve day in the account's zone, under its own scale and snapshot); answered after the
-- reminder when its answer's first time (answered_at; an edit keeps it) is at or after reminded_at.

ALTER TABLE report_agent_day
  ADD COLUMN reminded integer NOT NULL DEFAULT 0,
  ADD COLUMN after_reminder integer NOT NULL DEFAULT 0;
ALTER TABLE report_segment_day
  ADD COLUMN reminded integer NOT NULL DEFAULT 0,
  ADD COLUMN after_reminder integer NOT NULL DEFAULT 0;
ALTER TABLE report_agent_week
  ADD COLUMN reminded integer NOT NULL DEFAULT 0,
  ADD COLUMN after_reminder integer NOT NULL DEFAULT 0;
ALTER TABLE report_segment_week
  ADD COLUMN reminded integer NOT NULL DEFAULT 0,
  ADD COLUMN after_reminder integer NOT NULL DEFAULT 0;

-- 014's, with the two counts (same rows, same order).
CREATE FUNCTION report_rollup_add(
  s surveys, d date, scale text, n integer[], good integer, bad integer,
  sent integer, responded integer, reminded integer, after_reminder integer
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  w date := report_week(d);
BEGIN
  INSERT INTO report_agent_day AS r
    (day, scale_id, assignee_id, group_id, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10,
     csat_good, csat_bad, sent, responded, reminded, after_reminder)
  VALUES (d, scale, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded, reminded, after_reminder)
  ON CONFLICT (scale_id, day, assignee_id, group_id) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded,
        reminded = r.reminded + EXCLUDED.reminded,
        after_reminder = r.after_reminder + EXCLUDED.after_reminder;
  INSERT INTO report_segment_day AS r
    (day, scale_id, assignee_id, group_id, brand_id, channel,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded, reminded, after_reminder)
  VALUES (d, scale, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
          coalesce(s.brand_id, 0), coalesce(s.channel, ''),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded, reminded, after_reminder)
  ON CONFLICT (scale_id, day, assignee_id, group_id, brand_id, channel) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded,
        reminded = r.reminded + EXCLUDED.reminded,
        after_reminder = r.after_reminder + EXCLUDED.after_reminder;
  INSERT INTO report_agent_week AS r
    (week, scale_id, assignee_id, group_id, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10,
     csat_good, csat_bad, sent, responded, reminded, after_reminder)
  VALUES (w, scale, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded, reminded, after_reminder)
  ON CONFLICT (scale_id, week, assignee_id, group_id) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded,
        reminded = r.reminded + EXCLUDED.reminded,
        after_reminder = r.after_reminder + EXCLUDED.after_reminder;
  INSERT INTO report_segment_week AS r
    (week, scale_id, assignee_id, group_id, brand_id, channel,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded, reminded, after_reminder)
  VALUES (w, scale, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
          coalesce(s.brand_id, 0), coalesce(s.channel, ''),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded, reminded, after_reminder)
  ON CONFLICT (scale_id, week, assignee_id, group_id, brand_id, channel) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded,
        reminded = r.reminded + EXCLUDED.reminded,
        after_reminder = r.after_reminder + EXCLUDED.after_reminder;
END
$$;

-- The answers-only callers (the lock-ordering calls of the answer trigger) add no reminder counts.
CREATE OR REPLACE FUNCTION report_rollup_add(
  s surveys, d date, scale text, n integer[], good integer, bad integer,
  sent integer, responded integer
) RETURNS void
LANGUAGE sql AS $$
  SELECT report_rollup_add(s, d, scale, n, good, bad, sent, responded, 0, 0)
$$;

-- As in 015, and the delivery's contribution carries the reminder counts.
CREATE OR REPLACE FUNCTION report_rollup_apply(s surveys, a answers, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d date;
  delivered boolean;
  answered boolean;
  responded integer;
  reminded integer := 0;
  after_reminder integer := 0;
  good integer := 0;
  bad integer := 0;
  n integer[] := array_fill(0, ARRAY[10]);
  zero integer[] := array_fill(0, ARRAY[10]);
BEGIN
  IF s.id IS NULL OR s.status = 'replaced' THEN
    RETURN;
  END IF;
  d := (coalesce(s.solved_at, s.created_at) AT TIME ZONE report_time_zone())::date;
  delivered := s.published_at IS NOT NULL AND s.status <> 'superseded';
  answered := a.survey_id IS NOT NULL AND a.score BETWEEN 1 AND 10;
  responded := CASE WHEN a.survey_id IS NULL THEN 0 ELSE sign END;
  IF s.reminded_at IS NOT NULL THEN
    reminded := sign;
    after_reminder := CASE WHEN a.answered_at >= s.reminded_at THEN sign ELSE 0 END;
  END IF;
  IF answered THEN
    n[a.score] := sign;
    good := CASE WHEN lower(s.satisfaction) = 'good' THEN sign ELSE 0 END;
    bad := CASE WHEN lower(s.satisfaction) = 'bad' THEN sign ELSE 0 END;
  END IF;
  -- One row per scale, taken in scale order, so concurrent writers lock day rows in one order.
  IF delivered AND answered AND a.scale_id = s.scale_id THEN
    PERFORM report_rollup_add(s, d, s.scale_id, n, good, bad, sign, responded,
                              reminded, after_reminder);
  ELSIF delivered AND answered AND a.scale_id < s.scale_id THEN
    PERFORM report_rollup_add(s, d, a.scale_id, n, good, bad, 0, 0, 0, 0);
    PERFORM report_rollup_add(s, d, s.scale_id, zero, 0, 0, sign, responded,
                              reminded, after_reminder);
  ELSIF delivered AND answered THEN
    PERFORM report_rollup_add(s, d, s.scale_id, zero, 0, 0, sign, responded,
                              reminded, after_reminder);
    PERFORM report_rollup_add(s, d, a.scale_id, n, good, bad, 0, 0, 0, 0);
  ELSIF delivered THEN
    PERFORM report_rollup_add(s, d, s.scale_id, zero, 0, 0, sign, responded,
                              reminded, after_reminder);
  ELSIF answered THEN
    PERFORM report_rollup_add(s, d, a.scale_id, n, good, bad, 0, 0, 0, 0);
  END IF;
  IF answered AND a.driver IS NOT NULL THEN
    PERFORM report_driver_add(s, d, a.scale_id, a.driver, n);
  END IF;
END
$$;

-- The reminder counts recounted: the day rows from the reminded surveys (each already has its
-- row, as it counts as sent), and the weeks from the days, as 014 does. Reads only reminded
-- surveys; the other counts are left as they are.
CREATE FUNCTION report_reminder_recount() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  tz text := report_time_zone();
BEGIN
  UPDATE report_segment_day r
     SET reminded = x.reminded, after_reminder = x.after_reminder
    FROM (
      SELECT (coalesce(s.solved_at, s.created_at) AT TIME ZONE tz)::date AS day, s.scale_id,
             coalesce(s.assignee_id, 0) AS assignee_id, coalesce(s.group_id, 0) AS group_id,
             coalesce(s.brand_id, 0) AS brand_id, coalesce(s.channel, '') AS channel,
             count(*) AS reminded,
             count(a.survey_id) FILTER (WHERE a.answered_at >= s.reminded_at) AS after_reminder
        FROM surveys s LEFT JOIN answers a ON a.survey_id = s.id
       WHERE s.reminded_at IS NOT NULL
         AND s.published_at IS NOT NULL AND s.status NOT IN ('superseded', 'replaced')
       GROUP BY 1, 2, 3, 4, 5, 6
    ) x
   WHERE (r.day, r.scale_id, r.assignee_id, r.group_id, r.brand_id, r.channel)
       = (x.day, x.scale_id, x.assignee_id, x.group_id, x.brand_id, x.channel);
  UPDATE report_agent_day r
     SET reminded = x.reminded, after_reminder = x.after_reminder
    FROM (
      SELECT day, scale_id, assignee_id, group_id,
             sum(reminded) AS reminded, sum(after_reminder) AS after_reminder
        FROM report_segment_day WHERE reminded <> 0
       GROUP BY 1, 2, 3, 4
    ) x
   WHERE (r.day, r.scale_id, r.assignee_id, r.group_id)
       = (x.day, x.scale_id, x.assignee_id, x.group_id);
  UPDATE report_segment_week r
     SET reminded = x.reminded, after_reminder = x.after_reminder
    FROM (
      SELECT report_week(day) AS week, scale_id, assignee_id, group_id, brand_id, channel,
             sum(reminded) AS reminded, sum(after_reminder) AS after_reminder
        FROM report_segment_day WHERE reminded <> 0
       GROUP BY 1, 2, 3, 4, 5, 6
    ) x
   WHERE (r.week, r.scale_id, r.assignee_id, r.group_id, r.brand_id, r.channel)
       = (x.week, x.scale_id, x.assignee_id, x.group_id, x.brand_id, x.channel);
  UPDATE report_agent_week r
     SET reminded = x.reminded, after_reminder = x.after_reminder
    FROM (
      SELECT report_week(day) AS week, scale_id, assignee_id, group_id,
             sum(reminded) AS reminded, sum(after_reminder) AS after_reminder
        FROM report_agent_day WHERE reminded <> 0
       GROUP BY 1, 2, 3, 4
    ) x
   WHERE (r.week, r.scale_id, r.assignee_id, r.group_id)
       = (x.week, x.scale_id, x.assignee_id, x.group_id);
END
$$;

-- The recount (015's), then the reminder counts on the recounted rows.
ALTER FUNCTION report_rollup_rebuild() RENAME TO report_rollup_rebuild_counts;
CREATE FUNCTION report_rollup_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_rollup_rebuild_counts();
  PERFORM report_reminder_recount();
END
$$;

-- The reminder moves a survey's counts; so would an answer's first time (never edited today).
DROP TRIGGER report_rollup_survey_update ON surveys;
CREATE TRIGGER report_rollup_survey_update
  AFTER UPDATE ON surveys
  FOR EACH ROW
  WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.scale_id IS DISTINCT FROM NEW.scale_id OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
        OR OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.brand_id IS DISTINCT FROM NEW.brand_id
        OR OLD.channel IS DISTINCT FROM NEW.channel
        OR OLD.satisfaction IS DISTINCT FROM NEW.satisfaction
        OR OLD.solved_at IS DISTINCT FROM NEW.solved_at
        OR OLD.created_at IS DISTINCT FROM NEW.created_at
        OR OLD.reminded_at IS DISTINCT FROM NEW.reminded_at)
  EXECUTE FUNCTION report_rollup_on_survey();
DROP TRIGGER report_rollup_answer_update ON answers;
CREATE TRIGGER report_rollup_answer_update
  AFTER UPDATE ON answers
  FOR EACH ROW
  WHEN (OLD.survey_id IS DISTINCT FROM NEW.survey_id OR OLD.score IS DISTINCT FROM NEW.score
        OR OLD.scale_id IS DISTINCT FROM NEW.scale_id OR OLD.driver IS DISTINCT FROM NEW.driver
        OR OLD.answered_at IS DISTINCT FROM NEW.answered_at)
  EXECUTE FUNCTION report_rollup_on_answer();

-- 023's index served the raw count this replaces.
DROP INDEX surveys_reminded_by_solve;

-- Existing rows: only the two new counts to fill (the others are exact already), so the tables
-- this migration locks are held for a read of the reminded surveys, not a recount of everything.
SELECT report_reminder_recount();
