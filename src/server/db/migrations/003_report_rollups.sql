-- Report rollups: answer and delivery counts per UTC day, kept exact by triggers on surveys and
-- answers, so the team report sums thousands of rows instead of joining a million.
-- A day row holds the answers given that day (n1..n10 = count per scale point, with the CSAT of
-- their tickets) and the surveys published that day (sent, and how many of those have an answer).
-- Missing ids are stored as 0 and a missing channel as '' so the keys can be unique on any
-- PostgreSQL version (Zendesk ids are positive).

-- Per agent and group: the unfiltered and group-filtered report, and the agent summary.
CREATE TABLE report_agent_day (
  day date NOT NULL,
  scale_id text NOT NULL,
  assignee_id bigint NOT NULL,
  group_id bigint NOT NULL,
  n1 integer NOT NULL DEFAULT 0,
  n2 integer NOT NULL DEFAULT 0,
  n3 integer NOT NULL DEFAULT 0,
  n4 integer NOT NULL DEFAULT 0,
  n5 integer NOT NULL DEFAULT 0,
  n6 integer NOT NULL DEFAULT 0,
  n7 integer NOT NULL DEFAULT 0,
  n8 integer NOT NULL DEFAULT 0,
  n9 integer NOT NULL DEFAULT 0,
  n10 integer NOT NULL DEFAULT 0,
  csat_good integer NOT NULL DEFAULT 0,
  csat_bad integer NOT NULL DEFAULT 0,
  sent integer NOT NULL DEFAULT 0,
  responded integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scale_id, day, assignee_id, group_id)
);
CREATE INDEX report_agent_day_agent_idx ON report_agent_day (assignee_id, scale_id, day);

-- The same split by brand and channel: used only when the report is filtered by one of them.
CREATE TABLE report_segment_day (
  day date NOT NULL,
  scale_id text NOT NULL,
  assignee_id bigint NOT NULL,
  group_id bigint NOT NULL,
  brand_id bigint NOT NULL,
  channel text NOT NULL,
  n1 integer NOT NULL DEFAULT 0,
  n2 integer NOT NULL DEFAULT 0,
  n3 integer NOT NULL DEFAULT 0,
  n4 integer NOT NULL DEFAULT 0,
  n5 integer NOT NULL DEFAULT 0,
  n6 integer NOT NULL DEFAULT 0,
  n7 integer NOT NULL DEFAULT 0,
  n8 integer NOT NULL DEFAULT 0,
  n9 integer NOT NULL DEFAULT 0,
  n10 integer NOT NULL DEFAULT 0,
  csat_good integer NOT NULL DEFAULT 0,
  csat_bad integer NOT NULL DEFAULT 0,
  sent integer NOT NULL DEFAULT 0,
  responded integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scale_id, day, assignee_id, group_id, brand_id, channel)
);
CREATE INDEX report_segment_day_brand_idx ON report_segment_day (scale_id, brand_id, day);
CREATE INDEX report_segment_day_channel_idx ON report_segment_day (scale_id, channel, day);

-- Answers that named a driver, per point: the report keeps those on difficult points.
CREATE TABLE report_driver_day (
  day date NOT NULL,
  scale_id text NOT NULL,
  group_id bigint NOT NULL,
  brand_id bigint NOT NULL,
  channel text NOT NULL,
  driver text NOT NULL,
  n1 integer NOT NULL DEFAULT 0,
  n2 integer NOT NULL DEFAULT 0,
  n3 integer NOT NULL DEFAULT 0,
  n4 integer NOT NULL DEFAULT 0,
  n5 integer NOT NULL DEFAULT 0,
  n6 integer NOT NULL DEFAULT 0,
  n7 integer NOT NULL DEFAULT 0,
  n8 integer NOT NULL DEFAULT 0,
  n9 integer NOT NULL DEFAULT 0,
  n10 integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scale_id, day, group_id, brand_id, channel, driver)
);

-- The answers behind a figure, newest first, paged by (answered_at, survey_id): no sort needed.
CREATE INDEX answers_answered_survey_idx ON answers (answered_at, survey_id);

-- Adds (sign 1) or removes (sign -1) what one survey and its answer (or NULL) count for.
CREATE FUNCTION report_rollup_apply(s surveys, a answers, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d date;
  responded integer;
  good integer;
  bad integer;
  n integer[];
BEGIN
  IF s.id IS NULL THEN
    RETURN;
  END IF;
  -- Delivery first, then the answer: the published day is never after the answered day, so
  -- concurrent writers take day rows in the same order.
  IF s.published_at IS NOT NULL AND s.status <> 'superseded' THEN
    d := (s.published_at AT TIME ZONE 'UTC')::date;
    responded := CASE WHEN a.survey_id IS NULL THEN 0 ELSE sign END;
    INSERT INTO report_agent_day AS r (day, scale_id, assignee_id, group_id, sent, responded)
    VALUES (d, s.scale_id, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0), sign, responded)
    ON CONFLICT (scale_id, day, assignee_id, group_id) DO UPDATE
      SET sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded;
    INSERT INTO report_segment_day AS r
      (day, scale_id, assignee_id, group_id, brand_id, channel, sent, responded)
    VALUES (d, s.scale_id, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
            coalesce(s.brand_id, 0), coalesce(s.channel, ''), sign, responded)
    ON CONFLICT (scale_id, day, assignee_id, group_id, brand_id, channel) DO UPDATE
      SET sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded;
  END IF;

  IF a.survey_id IS NULL OR a.score < 1 OR a.score > 10 THEN
    RETURN;
  END IF;
  d := (a.answered_at AT TIME ZONE 'UTC')::date;
  good := CASE WHEN lower(s.satisfaction) = 'good' THEN sign ELSE 0 END;
  bad := CASE WHEN lower(s.satisfaction) = 'bad' THEN sign ELSE 0 END;
  n := array_fill(0, ARRAY[10]);
  n[a.score] := sign;
  INSERT INTO report_agent_day AS r
    (day, scale_id, assignee_id, group_id, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad)
  VALUES (d, a.scale_id, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad)
  ON CONFLICT (scale_id, day, assignee_id, group_id) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad;
  INSERT INTO report_segment_day AS r
    (day, scale_id, assignee_id, group_id, brand_id, channel,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad)
  VALUES (d, a.scale_id, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
          coalesce(s.brand_id, 0), coalesce(s.channel, ''),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad)
  ON CONFLICT (scale_id, day, assignee_id, group_id, brand_id, channel) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad;
  IF a.driver IS NOT NULL THEN
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

-- Recomputes every rollup from the tables (after a bulk load with triggers off, or a TRUNCATE).
CREATE FUNCTION report_rollup_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
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
      SELECT (a.answered_at AT TIME ZONE 'UTC')::date AS day, a.scale_id,
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
       GROUP BY 1, 2, 3, 4, 5, 6
      UNION ALL
      SELECT (s.published_at AT TIME ZONE 'UTC')::date, s.scale_id,
             coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
             coalesce(s.brand_id, 0), coalesce(s.channel, ''),
             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), count(a.survey_id)
        FROM surveys s LEFT JOIN answers a ON a.survey_id = s.id
       WHERE s.published_at IS NOT NULL AND s.status <> 'superseded'
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
  SELECT (a.answered_at AT TIME ZONE 'UTC')::date, a.scale_id, coalesce(s.group_id, 0),
         coalesce(s.brand_id, 0), coalesce(s.channel, ''), a.driver,
         count(*) FILTER (WHERE a.score = 1), count(*) FILTER (WHERE a.score = 2),
         count(*) FILTER (WHERE a.score = 3), count(*) FILTER (WHERE a.score = 4),
         count(*) FILTER (WHERE a.score = 5), count(*) FILTER (WHERE a.score = 6),
         count(*) FILTER (WHERE a.score = 7), count(*) FILTER (WHERE a.score = 8),
         count(*) FILTER (WHERE a.score = 9), count(*) FILTER (WHERE a.score = 10)
    FROM answers a JOIN surveys s ON s.id = a.survey_id
   WHERE a.driver IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5, 6;
END
$$;

CREATE FUNCTION report_rollup_on_answer() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  s surveys;
BEGIN
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

CREATE FUNCTION report_rollup_on_survey() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  a answers;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM report_rollup_apply(NEW, NULL, 1);
    RETURN NULL;
  END IF;
  SELECT * INTO a FROM answers WHERE survey_id = OLD.id;
  PERFORM report_rollup_apply(OLD, a, -1);
  IF TG_OP = 'UPDATE' THEN
    PERFORM report_rollup_apply(NEW, a, 1);
    RETURN NULL;
  END IF;
  RETURN OLD;
END
$$;

CREATE FUNCTION report_rollup_on_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_rollup_rebuild();
  RETURN NULL;
END
$$;

CREATE TRIGGER report_rollup_answer_change
  AFTER INSERT OR DELETE ON answers
  FOR EACH ROW EXECUTE FUNCTION report_rollup_on_answer();
-- Comment and locale edits do not change any count.
CREATE TRIGGER report_rollup_answer_update
  AFTER UPDATE ON answers
  FOR EACH ROW
  WHEN (OLD.survey_id IS DISTINCT FROM NEW.survey_id OR OLD.score IS DISTINCT FROM NEW.score
        OR OLD.scale_id IS DISTINCT FROM NEW.scale_id OR OLD.driver IS DISTINCT FROM NEW.driver
        OR OLD.answered_at IS DISTINCT FROM NEW.answered_at)
  EXECUTE FUNCTION report_rollup_on_answer();
CREATE TRIGGER report_rollup_survey_insert
  AFTER INSERT ON surveys
  FOR EACH ROW EXECUTE FUNCTION report_rollup_on_survey();
-- Write-back bookkeeping updates surveys often; only these columns change a count.
CREATE TRIGGER report_rollup_survey_update
  AFTER UPDATE ON surveys
  FOR EACH ROW
  WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.scale_id IS DISTINCT FROM NEW.scale_id OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
        OR OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.brand_id IS DISTINCT FROM NEW.brand_id
        OR OLD.channel IS DISTINCT FROM NEW.channel
        OR OLD.satisfaction IS DISTINCT FROM NEW.satisfaction)
  EXECUTE FUNCTION report_rollup_on_survey();
-- BEFORE: the answer is still there to be taken out; the cascade then deletes it.
CREATE TRIGGER report_rollup_survey_delete
  BEFORE DELETE ON surveys
  FOR EACH ROW EXECUTE FUNCTION report_rollup_on_survey();
CREATE TRIGGER report_rollup_truncate_answers
  AFTER TRUNCATE ON answers
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_on_truncate();
CREATE TRIGGER report_rollup_truncate_surveys
  AFTER TRUNCATE ON surveys
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_on_truncate();

-- Existing data (a database migrated before the rollups existed).
SELECT report_rollup_rebuild();
