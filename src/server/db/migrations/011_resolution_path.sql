-- Effort by resolution path (issue 9, item 7). Zendesk's ticket metrics as the publish job read
-- them right after the solve that started the survey (Show Ticket with the metric_sets side-load):
-- agent_replies ("the number of public replies added to a ticket by an agent") and reopens
-- ("total number of times the ticket was reopened"). NULL: never captured (surveys from before
-- this migration, a ticket Zendesk sent without metrics): counted and shown as "unknown".
ALTER TABLE surveys
  ADD COLUMN agent_replies integer CHECK (agent_replies >= 0),
  ADD COLUMN reopens integer CHECK (reopens >= 0),
  ADD COLUMN metrics_captured_at timestamptz;

-- The survey's path, as the report groups it: one-touch (1 agent reply), multi-touch (2 or more),
-- no reply (0), unknown (no metrics); reopened yes / no / unknown.
CREATE FUNCTION report_path_touch(replies integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN replies IS NULL THEN 'unknown' WHEN replies = 0 THEN 'none'
              WHEN replies = 1 THEN 'one' ELSE 'multi' END
$$;
CREATE FUNCTION report_path_reopened(reopens integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN reopens IS NULL THEN 'unknown' WHEN reopens = 0 THEN 'no' ELSE 'yes' END
$$;

-- Answers per scale point by solve day (account zone, as in 007), segment and path. Kept exact by
-- the triggers below, apart from the other rollups so the two evolve on their own.
CREATE TABLE report_path_day (
  day date NOT NULL,
  scale_id text NOT NULL,
  group_id bigint NOT NULL,
  brand_id bigint NOT NULL,
  channel text NOT NULL,
  touch text NOT NULL,
  reopened text NOT NULL,
  n1 integer NOT NULL DEFAULT 0, n2 integer NOT NULL DEFAULT 0, n3 integer NOT NULL DEFAULT 0,
  n4 integer NOT NULL DEFAULT 0, n5 integer NOT NULL DEFAULT 0, n6 integer NOT NULL DEFAULT 0,
  n7 integer NOT NULL DEFAULT 0, n8 integer NOT NULL DEFAULT 0, n9 integer NOT NULL DEFAULT 0,
  n10 integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scale_id, day, group_id, brand_id, channel, touch, reopened)
);
CREATE INDEX report_path_day_group_idx ON report_path_day (group_id, day);
CREATE INDEX report_path_day_brand_idx ON report_path_day (brand_id, day);

-- The same without group and brand: what the report reads when it filters on neither (a few rows
-- per day, where the table above has thousands on a large account).
CREATE TABLE report_path_total_day (
  day date NOT NULL,
  scale_id text NOT NULL,
  channel text NOT NULL,
  touch text NOT NULL,
  reopened text NOT NULL,
  n1 integer NOT NULL DEFAULT 0, n2 integer NOT NULL DEFAULT 0, n3 integer NOT NULL DEFAULT 0,
  n4 integer NOT NULL DEFAULT 0, n5 integer NOT NULL DEFAULT 0, n6 integer NOT NULL DEFAULT 0,
  n7 integer NOT NULL DEFAULT 0, n8 integer NOT NULL DEFAULT 0, n9 integer NOT NULL DEFAULT 0,
  n10 integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scale_id, day, channel, touch, reopened)
);

-- Adds (sign 1) or takes away (sign -1) one answer; a replaced survey counts for nothing (005).
CREATE FUNCTION report_path_apply(s surveys, a answers, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  n integer[] := array_fill(0, ARRAY[10]);
BEGIN
  IF s.id IS NULL OR a.survey_id IS NULL OR s.status = 'replaced'
     OR a.score IS NULL OR a.score NOT BETWEEN 1 AND 10 THEN
    RETURN;
  END IF;
  n[a.score] := sign;
  INSERT INTO report_path_day AS r
    (day, scale_id, group_id, brand_id, channel, touch, reopened,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10)
  VALUES ((coalesce(s.solved_at, s.created_at) AT TIME ZONE report_time_zone())::date, a.scale_id,
          coalesce(s.group_id, 0), coalesce(s.brand_id, 0), coalesce(s.channel, ''),
          report_path_touch(s.agent_replies), report_path_reopened(s.reopens),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10])
  ON CONFLICT (scale_id, day, group_id, brand_id, channel, touch, reopened) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10;
  INSERT INTO report_path_total_day AS r
    (day, scale_id, channel, touch, reopened, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10)
  VALUES ((coalesce(s.solved_at, s.created_at) AT TIME ZONE report_time_zone())::date, a.scale_id,
          coalesce(s.channel, ''), report_path_touch(s.agent_replies), report_path_reopened(s.reopens),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10])
  ON CONFLICT (scale_id, day, channel, touch, reopened) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10;
END
$$;

CREATE FUNCTION report_path_on_answer() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  s surveys;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT * INTO s FROM surveys WHERE id = OLD.survey_id;
    IF FOUND THEN PERFORM report_path_apply(s, OLD, -1); END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT * INTO s FROM surveys WHERE id = NEW.survey_id;
    IF FOUND THEN PERFORM report_path_apply(s, NEW, 1); END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER report_path_answer_insert_delete
  AFTER INSERT OR DELETE ON answers
  FOR EACH ROW EXECUTE FUNCTION report_path_on_answer();
CREATE TRIGGER report_path_answer_update
  AFTER UPDATE ON answers
  FOR EACH ROW
  WHEN (OLD.survey_id IS DISTINCT FROM NEW.survey_id OR OLD.score IS DISTINCT FROM NEW.score
        OR OLD.scale_id IS DISTINCT FROM NEW.scale_id)
  EXECUTE FUNCTION report_path_on_answer();

CREATE FUNCTION report_path_on_survey() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  a answers;
BEGIN
  SELECT * INTO a FROM answers WHERE survey_id = NEW.id;
  IF FOUND THEN
    PERFORM report_path_apply(OLD, a, -1);
    PERFORM report_path_apply(NEW, a, 1);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER report_path_survey_update
  AFTER UPDATE ON surveys
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status
        OR OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.brand_id IS DISTINCT FROM NEW.brand_id
        OR OLD.channel IS DISTINCT FROM NEW.channel
        OR OLD.solved_at IS DISTINCT FROM NEW.solved_at
        OR OLD.created_at IS DISTINCT FROM NEW.created_at
        OR OLD.agent_replies IS DISTINCT FROM NEW.agent_replies
        OR OLD.reopens IS DISTINCT FROM NEW.reopens)
  EXECUTE FUNCTION report_path_on_survey();

-- A recount from the surveys and answers (after a bulk load, or when the account zone changes).
CREATE FUNCTION report_path_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  tz text := report_time_zone();
BEGIN
  DELETE FROM report_path_day;
  INSERT INTO report_path_day
    (day, scale_id, group_id, brand_id, channel, touch, reopened,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10)
  SELECT (coalesce(s.solved_at, s.created_at) AT TIME ZONE tz)::date, a.scale_id,
         coalesce(s.group_id, 0), coalesce(s.brand_id, 0), coalesce(s.channel, ''),
         report_path_touch(s.agent_replies), report_path_reopened(s.reopens),
         count(*) FILTER (WHERE a.score = 1), count(*) FILTER (WHERE a.score = 2),
         count(*) FILTER (WHERE a.score = 3), count(*) FILTER (WHERE a.score = 4),
         count(*) FILTER (WHERE a.score = 5), count(*) FILTER (WHERE a.score = 6),
         count(*) FILTER (WHERE a.score = 7), count(*) FILTER (WHERE a.score = 8),
         count(*) FILTER (WHERE a.score = 9), count(*) FILTER (WHERE a.score = 10)
    FROM answers a JOIN surveys s ON s.id = a.survey_id
   WHERE s.status <> 'replaced' AND a.score BETWEEN 1 AND 10
   GROUP BY 1, 2, 3, 4, 5, 6, 7;
  DELETE FROM report_path_total_day;
  INSERT INTO report_path_total_day
    (day, scale_id, channel, touch, reopened, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10)
  SELECT day, scale_id, channel, touch, reopened, sum(n1), sum(n2), sum(n3), sum(n4), sum(n5),
         sum(n6), sum(n7), sum(n8), sum(n9), sum(n10)
    FROM report_path_day
   GROUP BY 1, 2, 3, 4, 5;
END
$$;

CREATE FUNCTION report_path_on_zone() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND NEW.key = 'account')
     OR (TG_OP = 'DELETE' AND OLD.key = 'account')
     OR (TG_OP = 'UPDATE' AND 'account' IN (OLD.key, NEW.key)
         AND (OLD.key, OLD.value->>'timeZone') IS DISTINCT FROM (NEW.key, NEW.value->>'timeZone')) THEN
    PERFORM report_path_rebuild();
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER report_path_zone_change
  AFTER INSERT OR UPDATE OR DELETE ON zendesk_state
  FOR EACH ROW EXECUTE FUNCTION report_path_on_zone();

SELECT report_path_rebuild();
