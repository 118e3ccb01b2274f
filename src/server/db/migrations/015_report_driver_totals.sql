-- Driver totals: report_driver_day (003, 007) without group, brand and channel, a few rows per
-- solve day. The team report without those filters reads its reasons here instead of every
-- group, brand and channel of the period. Kept exact on the same trigger path as the day rows.
CREATE TABLE report_driver_total_day (
  day date NOT NULL,
  scale_id text NOT NULL,
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
  PRIMARY KEY (scale_id, day, driver)
);

-- One answer's contribution (n per point) to its driver rows: the day row, then the total.
CREATE FUNCTION report_driver_add(s surveys, d date, scale text, reason text, n integer[])
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_driver_day AS r
    (day, scale_id, group_id, brand_id, channel, driver, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10)
  VALUES (d, scale, coalesce(s.group_id, 0), coalesce(s.brand_id, 0), coalesce(s.channel, ''),
          reason, n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10])
  ON CONFLICT (scale_id, day, group_id, brand_id, channel, driver) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10;
  INSERT INTO report_driver_total_day AS r
    (day, scale_id, driver, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10)
  VALUES (d, scale, reason, n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10])
  ON CONFLICT (scale_id, day, driver) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10;
END
$$;

-- As in 007, the driver rows through report_driver_add (the day row and the total).
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
    PERFORM report_driver_add(s, d, a.scale_id, a.driver, n);
  END IF;
END
$$;

-- As in 007, and: when an edit moves an answer from one reason to another, the rows of both are
-- locked first (after the agent rows, in reason order). The totals are shared by every agent of
-- a day, so two customers swapping reasons the other way round would otherwise wait in a circle.
CREATE OR REPLACE FUNCTION report_rollup_on_answer() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  s surveys;
  scale text;
  scales text[];
  pair record;
  d date;
  swap boolean := TG_OP = 'UPDATE' AND OLD.driver IS NOT NULL AND NEW.driver IS NOT NULL
                  AND (OLD.driver, OLD.scale_id) IS DISTINCT FROM (NEW.driver, NEW.scale_id);
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
    IF array_length(scales, 1) > 1 OR swap THEN
      FOREACH scale IN ARRAY scales LOOP
        PERFORM report_rollup_add(s, d, scale, array_fill(0, ARRAY[10]), 0, 0, 0, 0);
      END LOOP;
    END IF;
    IF swap THEN
      FOR pair IN
        SELECT DISTINCT x.driver, x.scale_id
          FROM (VALUES (OLD.driver, OLD.scale_id), (NEW.driver, NEW.scale_id)) AS x (driver, scale_id)
         ORDER BY x.driver, x.scale_id
      LOOP
        PERFORM report_driver_add(s, d, pair.scale_id, pair.driver, array_fill(0, ARRAY[10]));
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

-- The recount (014's), then the totals summed from the recounted driver days.
CREATE OR REPLACE FUNCTION report_rollup_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_rollup_rebuild_days();
  DELETE FROM report_agent_week;
  DELETE FROM report_segment_week;
  DELETE FROM report_driver_total_day;
  INSERT INTO report_segment_week
    (week, scale_id, assignee_id, group_id, brand_id, channel,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded)
  SELECT report_week(day), scale_id, assignee_id, group_id, brand_id, channel,
         sum(n1), sum(n2), sum(n3), sum(n4), sum(n5), sum(n6), sum(n7), sum(n8), sum(n9), sum(n10),
         sum(csat_good), sum(csat_bad), sum(sent), sum(responded)
    FROM report_segment_day
   GROUP BY 1, 2, 3, 4, 5, 6
   ORDER BY 2, 1;
  INSERT INTO report_agent_week
    (week, scale_id, assignee_id, group_id,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded)
  SELECT report_week(day), scale_id, assignee_id, group_id,
         sum(n1), sum(n2), sum(n3), sum(n4), sum(n5), sum(n6), sum(n7), sum(n8), sum(n9), sum(n10),
         sum(csat_good), sum(csat_bad), sum(sent), sum(responded)
    FROM report_agent_day
   GROUP BY 1, 2, 3, 4
   ORDER BY 2, 1;
  INSERT INTO report_driver_total_day
    (day, scale_id, driver, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10)
  SELECT day, scale_id, driver, sum(n1), sum(n2), sum(n3), sum(n4), sum(n5), sum(n6), sum(n7),
         sum(n8), sum(n9), sum(n10)
    FROM report_driver_day
   GROUP BY 1, 2, 3
   ORDER BY 2, 1;
END
$$;

SELECT report_rollup_rebuild();
