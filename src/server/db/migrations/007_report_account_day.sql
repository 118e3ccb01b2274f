-- The report's day is the day the ticket was solved in the Zendesk account's time zone (solved_at;
-- for a survey sent by hand without one, the time it was created). A survey's delivery (sent,
-- responded) and its answer now count on that one day, so a ticket solved on the 31st and
-- answered on the 2nd stays in the month it was solved in.
-- The zone is what setup read from Zendesk (zendesk_state 'account'); UTC until it is known.
-- Changing it rebuilds the rollups (trigger below).

CREATE FUNCTION report_time_zone() RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT value->>'timeZone' FROM zendesk_state WHERE key = 'account'), 'UTC')
$$;

-- Adds one contribution to the agent and segment day rows.
CREATE FUNCTION report_rollup_add(
  s surveys, d date, scale text, n integer[], good integer, bad integer,
  sent integer, responded integer
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_agent_day AS r
    (day, scale_id, assignee_id, group_id, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10,
     csat_good, csat_bad, sent, responded)
  VALUES (d, scale, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded)
  ON CONFLICT (scale_id, day, assignee_id, group_id) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded;
  INSERT INTO report_segment_day AS r
    (day, scale_id, assignee_id, group_id, brand_id, channel,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded)
  VALUES (d, scale, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
          coalesce(s.brand_id, 0), coalesce(s.channel, ''),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded)
  ON CONFLICT (scale_id, day, assignee_id, group_id, brand_id, channel) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded;
END
$$;

-- As in 005 (a replaced survey counts for nothing), keyed by the solve day in the account's zone.
CREATE OR REPLACE FUNCTION report_rollup_apply(s surveys, a answers, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d date;
  delivered boolean;
  answered boolean;
  responded integer;
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
  IF answered THEN
    n[a.score] := sign;
    good := CASE WHEN lower(s.satisfaction) = 'good' THEN sign ELSE 0 END;
    bad := CASE WHEN lower(s.satisfaction) = 'bad' THEN sign ELSE 0 END;
  END IF;
  -- One row per scale, taken in scale order, so concurrent writers lock day rows in one order.
  IF delivered AND answered AND a.scale_id = s.scale_id THEN
    PERFORM report_rollup_add(s, d, s.scale_id, n, good, bad, sign, responded);
  ELSIF delivered AND answered AND a.scale_id < s.scale_id THEN
    PERFORM report_rollup_add(s, d, a.scale_id, n, good, bad, 0, 0);
    PERFORM report_rollup_add(s, d, s.scale_id, zero, 0, 0, sign, responded);
  ELSIF delivered AND answered THEN
    PERFORM report_rollup_add(s, d, s.scale_id, zero, 0, 0, sign, responded);
    PERFORM report_rollup_add(s, d, a.scale_id, n, good, bad, 0, 0);
  ELSIF delivered THEN
    PERFORM report_rollup_add(s, d, s.scale_id, zero, 0, 0, sign, responded);
  ELSIF answered THEN
    PERFORM report_rollup_add(s, d, a.scale_id, n, good, bad, 0, 0);
  END IF;
  IF answered AND a.driver IS NOT NULL THEN
    INSERT INTO report_driver_day AS r
      (day, scale_id, group_id, brand_id, channel, driver, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10)
    VALUES (d, a.scale_id, coalesce(s.group_id, 0), coalesce(s.brand_id, 0),
            coalesce(s.channel, ''), a.driver,
            n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10])
    ON CONFLICT (scale_id, day, group_id, brand_id, channel, driver) DO UPDATE
      SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
          n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
          n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
          n10 = r.n10 + EXCLUDED.n10;
  END IF;
END
$$;

-- As in 003, and: when an answer is on another scale than its survey, the day rows of both scales
-- are locked first, in scale order, so two such writers never wait on each other in a circle.
CREATE OR REPLACE FUNCTION report_rollup_on_answer() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  s surveys;
  scale text;
  scales text[];
  d date;
BEGIN
  SELECT * INTO s FROM surveys
   WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.survey_id ELSE NEW.survey_id END;
  IF FOUND AND s.status <> 'replaced' THEN
    d := (coalesce(s.solved_at, s.created_at) AT TIME ZONE report_time_zone())::date;
    scales := ARRAY(
      SELECT DISTINCT x FROM unnest(ARRAY[
          s.scale_id,
          CASE WHEN TG_OP <> 'INSERT' THEN OLD.scale_id END,
          CASE WHEN TG_OP <> 'DELETE' THEN NEW.scale_id END]) AS x
       WHERE x IS NOT NULL ORDER BY x);
    IF array_length(scales, 1) > 1 THEN
      FOREACH scale IN ARRAY scales LOOP
        PERFORM report_rollup_add(s, d, scale, array_fill(0, ARRAY[10]), 0, 0, 0, 0);
      END LOOP;
    END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    -- A survey being deleted has already taken its answer out (see the BEFORE DELETE trigger).
    SELECT * INTO s FROM surveys WHERE id = OLD.survey_id;
    IF FOUND THEN
      PERFORM report_rollup_apply(s, OLD, -1);
      PERFORM report_rollup_apply(s, NULL, 1);
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT * INTO s FROM surveys WHERE id = NEW.survey_id;
    IF FOUND THEN
      PERFORM report_rollup_apply(s, NULL, -1);
      PERFORM report_rollup_apply(s, NEW, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

-- As in 005, keyed by the solve day in the account's zone.
CREATE OR REPLACE FUNCTION report_rollup_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  tz text := report_time_zone();
BEGIN
  DELETE FROM report_agent_day;
  DELETE FROM report_segment_day;
  DELETE FROM report_driver_day;
  INSERT INTO report_segment_day
    (day, scale_id, assignee_id, group_id, brand_id, channel,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded)
  SELECT day, scale_id, assignee_id, group_id, brand_id, channel,
         sum(n1), sum(n2), sum(n3), sum(n4), sum(n5), sum(n6), sum(n7), sum(n8), sum(n9), sum(n10),
         sum(csat_good), sum(csat_bad), sum(sent), sum(responded)
    FROM (
      SELECT (coalesce(s.solved_at, s.created_at) AT TIME ZONE tz)::date AS day, a.scale_id,
             coalesce(s.assignee_id, 0) AS assignee_id, coalesce(s.group_id, 0) AS group_id,
             coalesce(s.brand_id, 0) AS brand_id, coalesce(s.channel, '') AS channel,
             count(*) FILTER (WHERE a.score = 1) AS n1, count(*) FILTER (WHERE a.score = 2) AS n2,
             count(*) FILTER (WHERE a.score = 3) AS n3, count(*) FILTER (WHERE a.score = 4) AS n4,
             count(*) FILTER (WHERE a.score = 5) AS n5, count(*) FILTER (WHERE a.score = 6) AS n6,
             count(*) FILTER (WHERE a.score = 7) AS n7, count(*) FILTER (WHERE a.score = 8) AS n8,
             count(*) FILTER (WHERE a.score = 9) AS n9, count(*) FILTER (WHERE a.score = 10) AS n10,
             count(*) FILTER (WHERE lower(s.satisfaction) = 'good' AND a.score BETWEEN 1 AND 10) AS csat_good,
             count(*) FILTER (WHERE lower(s.satisfaction) = 'bad' AND a.score BETWEEN 1 AND 10) AS csat_bad,
             0 AS sent, 0 AS responded
        FROM answers a JOIN surveys s ON s.id = a.survey_id
       WHERE s.status <> 'replaced'
       GROUP BY 1, 2, 3, 4, 5, 6
      UNION ALL
      SELECT (coalesce(s.solved_at, s.created_at) AT TIME ZONE tz)::date, s.scale_id,
             coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
             coalesce(s.brand_id, 0), coalesce(s.channel, ''),
             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), count(a.survey_id)
        FROM surveys s LEFT JOIN answers a ON a.survey_id = s.id
       WHERE s.published_at IS NOT NULL AND s.status NOT IN ('superseded', 'replaced')
       GROUP BY 1, 2, 3, 4, 5, 6
    ) AS parts
   GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO report_agent_day
    (day, scale_id, assignee_id, group_id,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded)
  SELECT day, scale_id, assignee_id, group_id,
         sum(n1), sum(n2), sum(n3), sum(n4), sum(n5), sum(n6), sum(n7), sum(n8), sum(n9), sum(n10),
         sum(csat_good), sum(csat_bad), sum(sent), sum(responded)
    FROM report_segment_day
   GROUP BY 1, 2, 3, 4;
  INSERT INTO report_driver_day
    (day, scale_id, group_id, brand_id, channel, driver, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10)
  SELECT (coalesce(s.solved_at, s.created_at) AT TIME ZONE tz)::date, a.scale_id,
         coalesce(s.group_id, 0), coalesce(s.brand_id, 0), coalesce(s.channel, ''), a.driver,
         count(*) FILTER (WHERE a.score = 1), count(*) FILTER (WHERE a.score = 2),
         count(*) FILTER (WHERE a.score = 3), count(*) FILTER (WHERE a.score = 4),
         count(*) FILTER (WHERE a.score = 5), count(*) FILTER (WHERE a.score = 6),
         count(*) FILTER (WHERE a.score = 7), count(*) FILTER (WHERE a.score = 8),
         count(*) FILTER (WHERE a.score = 9), count(*) FILTER (WHERE a.score = 10)
    FROM answers a JOIN surveys s ON s.id = a.survey_id
   WHERE a.driver IS NOT NULL AND s.status <> 'replaced'
   GROUP BY 1, 2, 3, 4, 5, 6;
END
$$;

-- The solve time now moves a survey's day; the answer time no longer does.
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
        OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION report_rollup_on_survey();
DROP TRIGGER report_rollup_answer_update ON answers;
CREATE TRIGGER report_rollup_answer_update
  AFTER UPDATE ON answers
  FOR EACH ROW
  WHEN (OLD.survey_id IS DISTINCT FROM NEW.survey_id OR OLD.score IS DISTINCT FROM NEW.score
        OR OLD.scale_id IS DISTINCT FROM NEW.scale_id OR OLD.driver IS DISTINCT FROM NEW.driver)
  EXECUTE FUNCTION report_rollup_on_answer();

-- A new account zone moves every day: recount once (setup writes it only when it changed).
CREATE FUNCTION report_rollup_on_zone() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND NEW.key = 'account')
     OR (TG_OP = 'DELETE' AND OLD.key = 'account')
     OR (TG_OP = 'UPDATE' AND 'account' IN (OLD.key, NEW.key)
         AND (OLD.key, OLD.value->>'timeZone') IS DISTINCT FROM (NEW.key, NEW.value->>'timeZone')) THEN
    PERFORM report_rollup_rebuild();
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER report_rollup_zone_change
  AFTER INSERT OR UPDATE OR DELETE ON zendesk_state
  FOR EACH ROW EXECUTE FUNCTION report_rollup_on_zone();

-- The answers behind a figure, newest solve first, paged by (solve time, survey id).
CREATE INDEX surveys_solve_time_idx ON surveys ((coalesce(solved_at, created_at)), id);

SELECT report_rollup_rebuild();
