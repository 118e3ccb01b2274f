-- Week rollups: the agent and segment day rollups (003, 007) summed per ISO week, the Monday of
-- the account-zone solve day. A report period reads its whole weeks here and only the days at its
-- two ends from the day rollups: a 90-day team report sums about 13 + 6 rows per agent instead of
-- 90, and the trend's weeks come out of the same rows. Kept exact by the same trigger path as the
-- day rows (report_rollup_add below) and recounted with them (report_rollup_rebuild below).

CREATE FUNCTION report_week(d date) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
  SELECT d - (extract(isodow FROM d)::int - 1)
$$;

CREATE TABLE report_agent_week (
  week date NOT NULL CHECK (extract(isodow FROM week) = 1),
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
  PRIMARY KEY (scale_id, week, assignee_id, group_id)
);
CREATE INDEX report_agent_week_agent_idx ON report_agent_week (assignee_id, scale_id, week);

CREATE TABLE report_segment_week (
  week date NOT NULL CHECK (extract(isodow FROM week) = 1),
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
  PRIMARY KEY (scale_id, week, assignee_id, group_id, brand_id, channel)
);
CREATE INDEX report_segment_week_brand_idx ON report_segment_week (scale_id, brand_id, week);
CREATE INDEX report_segment_week_channel_idx ON report_segment_week (scale_id, channel, week);

-- As in 007, and the same contribution to the week rows. Each call takes its rows in one order
-- (agent day, segment day, agent week, segment week), and 007's answer trigger first takes every
-- scale's rows in scale order, so concurrent writers of one agent's week never wait in a circle.
CREATE OR REPLACE FUNCTION report_rollup_add(
  s surveys, d date, scale text, n integer[], good integer, bad integer,
  sent integer, responded integer
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  w date := report_week(d);
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
  INSERT INTO report_agent_week AS r
    (week, scale_id, assignee_id, group_id, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10,
     csat_good, csat_bad, sent, responded)
  VALUES (w, scale, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded)
  ON CONFLICT (scale_id, week, assignee_id, group_id) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded;
  INSERT INTO report_segment_week AS r
    (week, scale_id, assignee_id, group_id, brand_id, channel,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded)
  VALUES (w, scale, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
          coalesce(s.brand_id, 0), coalesce(s.channel, ''),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded)
  ON CONFLICT (scale_id, week, assignee_id, group_id, brand_id, channel) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded;
END
$$;

-- The recount: 007's, then the weeks summed from the recounted days. The bulk load, the TRUNCATE
-- and the time-zone triggers all call report_rollup_rebuild() by name, so they recount both.
ALTER FUNCTION report_rollup_rebuild() RENAME TO report_rollup_rebuild_days;
CREATE FUNCTION report_rollup_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_rollup_rebuild_days();
  DELETE FROM report_agent_week;
  DELETE FROM report_segment_week;
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
END
$$;

SELECT report_rollup_rebuild();
