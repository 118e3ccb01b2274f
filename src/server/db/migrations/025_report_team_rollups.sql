-- Rollups keyed by what each figure needs (measured at 10M answers from 5,000 agents, where the
-- team report read ~10 agent rows per agent for 30 days, and a brand or channel filter read rows
-- split by agent, group, brand and channel):
-- * team rows: the segment rows (003, 014) without the agent, per solve day and ISO week, by
--   group, brand and channel. The team's figures, its groups, its weekly trend, the previous
--   period and the first and last day with answers need no agent: a few hundred rows a day,
--   whatever the number of agents.
-- * channel rows and brand rows: the agent rows split by one of them (below).
-- * agent block rows: the agent rows per 4-week block, for long periods (below).
-- All kept exact by the same trigger path (report_rollup_add below: the same counts, the same
-- calls, in one order after the agent and segment rows, so every writer takes its row locks in
-- one order) and recounted with the rest (rebuild below).

-- Writers wait until this migration commits: a service still running the old code writes its
-- rollups through the old report_rollup_add until then, and a write committed between the new
-- tables' fill (below) and the commit would reach the old tables only. (About a minute at 10M
-- answers; the survey page and the webhook wait, they do not fail.)
LOCK TABLE surveys, answers IN SHARE MODE;

CREATE TABLE report_team_day (
  day date NOT NULL,
  scale_id text NOT NULL,
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
  reminded integer NOT NULL DEFAULT 0,
  after_reminder integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scale_id, day, group_id, brand_id, channel)
);

CREATE TABLE report_team_week (
  week date NOT NULL CHECK (extract(isodow FROM week) = 1),
  scale_id text NOT NULL,
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
  reminded integer NOT NULL DEFAULT 0,
  after_reminder integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scale_id, week, group_id, brand_id, channel)
);

-- The agent rows split by channel alone and by brand alone: the agent table under a channel or a
-- brand filter (with or without a group) reads one row per agent and day or week, where the
-- segment rows (split by both) hold one per brand or channel too. Keyed so that a channel's (a
-- brand's) rows of a day lie together, and a group's within them. Both filters at once still read
-- the segment rows.
CREATE TABLE report_channel_day (
  day date NOT NULL,
  scale_id text NOT NULL,
  channel text NOT NULL,
  group_id bigint NOT NULL,
  assignee_id bigint NOT NULL,
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
  reminded integer NOT NULL DEFAULT 0,
  after_reminder integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scale_id, day, channel, group_id, assignee_id)
);
CREATE INDEX report_channel_day_agent_idx ON report_channel_day (assignee_id, scale_id, day);
CREATE TABLE report_channel_week (
  week date NOT NULL CHECK (extract(isodow FROM week) = 1),
  scale_id text NOT NULL,
  channel text NOT NULL,
  group_id bigint NOT NULL,
  assignee_id bigint NOT NULL,
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
  reminded integer NOT NULL DEFAULT 0,
  after_reminder integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scale_id, week, channel, group_id, assignee_id)
);
CREATE INDEX report_channel_week_agent_idx ON report_channel_week (assignee_id, scale_id, week);
CREATE TABLE report_brand_day (
  day date NOT NULL,
  scale_id text NOT NULL,
  brand_id bigint NOT NULL,
  group_id bigint NOT NULL,
  assignee_id bigint NOT NULL,
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
  reminded integer NOT NULL DEFAULT 0,
  after_reminder integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scale_id, day, brand_id, group_id, assignee_id)
);
CREATE INDEX report_brand_day_agent_idx ON report_brand_day (assignee_id, scale_id, day);
CREATE TABLE report_brand_week (
  week date NOT NULL CHECK (extract(isodow FROM week) = 1),
  scale_id text NOT NULL,
  brand_id bigint NOT NULL,
  group_id bigint NOT NULL,
  assignee_id bigint NOT NULL,
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
  reminded integer NOT NULL DEFAULT 0,
  after_reminder integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scale_id, week, brand_id, group_id, assignee_id)
);
CREATE INDEX report_brand_week_agent_idx ON report_brand_week (assignee_id, scale_id, week);

-- The agent rows per 4-week block (28 days from Monday 2001-01-01 on): a long period's agent table
-- reads its whole blocks here, then weeks and days (periodBlocks in src/shared/period-days.ts
-- computes the same blocks): 90 days are ~9 rows per agent instead of ~17.
CREATE FUNCTION report_block(d date) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
  SELECT report_week(d) - ((((report_week(d) - DATE '2001-01-01') % 28) + 28) % 28)
$$;

CREATE TABLE report_agent_block (
  block date NOT NULL CHECK (extract(isodow FROM block) = 1),
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
  reminded integer NOT NULL DEFAULT 0,
  after_reminder integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scale_id, block, assignee_id, group_id)
);

-- 024's, then the agent block, channel and brand rows, and the two team rows last (same counts).
CREATE OR REPLACE FUNCTION report_rollup_add(
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
  INSERT INTO report_agent_block AS r
    (block, scale_id, assignee_id, group_id, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10,
     csat_good, csat_bad, sent, responded, reminded, after_reminder)
  VALUES (report_block(d), scale, coalesce(s.assignee_id, 0), coalesce(s.group_id, 0),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded, reminded, after_reminder)
  ON CONFLICT (scale_id, block, assignee_id, group_id) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded,
        reminded = r.reminded + EXCLUDED.reminded,
        after_reminder = r.after_reminder + EXCLUDED.after_reminder;
  INSERT INTO report_channel_day AS r
    (day, scale_id, channel, group_id, assignee_id,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded, reminded, after_reminder)
  VALUES (d, scale, coalesce(s.channel, ''), coalesce(s.group_id, 0), coalesce(s.assignee_id, 0),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded, reminded, after_reminder)
  ON CONFLICT (scale_id, day, channel, group_id, assignee_id) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded,
        reminded = r.reminded + EXCLUDED.reminded,
        after_reminder = r.after_reminder + EXCLUDED.after_reminder;
  INSERT INTO report_brand_day AS r
    (day, scale_id, brand_id, group_id, assignee_id,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded, reminded, after_reminder)
  VALUES (d, scale, coalesce(s.brand_id, 0), coalesce(s.group_id, 0), coalesce(s.assignee_id, 0),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded, reminded, after_reminder)
  ON CONFLICT (scale_id, day, brand_id, group_id, assignee_id) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded,
        reminded = r.reminded + EXCLUDED.reminded,
        after_reminder = r.after_reminder + EXCLUDED.after_reminder;
  INSERT INTO report_channel_week AS r
    (week, scale_id, channel, group_id, assignee_id,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded, reminded, after_reminder)
  VALUES (w, scale, coalesce(s.channel, ''), coalesce(s.group_id, 0), coalesce(s.assignee_id, 0),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded, reminded, after_reminder)
  ON CONFLICT (scale_id, week, channel, group_id, assignee_id) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded,
        reminded = r.reminded + EXCLUDED.reminded,
        after_reminder = r.after_reminder + EXCLUDED.after_reminder;
  INSERT INTO report_brand_week AS r
    (week, scale_id, brand_id, group_id, assignee_id,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded, reminded, after_reminder)
  VALUES (w, scale, coalesce(s.brand_id, 0), coalesce(s.group_id, 0), coalesce(s.assignee_id, 0),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded, reminded, after_reminder)
  ON CONFLICT (scale_id, week, brand_id, group_id, assignee_id) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded,
        reminded = r.reminded + EXCLUDED.reminded,
        after_reminder = r.after_reminder + EXCLUDED.after_reminder;
  INSERT INTO report_team_day AS r
    (day, scale_id, group_id, brand_id, channel,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded, reminded, after_reminder)
  VALUES (d, scale, coalesce(s.group_id, 0), coalesce(s.brand_id, 0), coalesce(s.channel, ''),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded, reminded, after_reminder)
  ON CONFLICT (scale_id, day, group_id, brand_id, channel) DO UPDATE
    SET n1 = r.n1 + EXCLUDED.n1, n2 = r.n2 + EXCLUDED.n2, n3 = r.n3 + EXCLUDED.n3,
        n4 = r.n4 + EXCLUDED.n4, n5 = r.n5 + EXCLUDED.n5, n6 = r.n6 + EXCLUDED.n6,
        n7 = r.n7 + EXCLUDED.n7, n8 = r.n8 + EXCLUDED.n8, n9 = r.n9 + EXCLUDED.n9,
        n10 = r.n10 + EXCLUDED.n10,
        csat_good = r.csat_good + EXCLUDED.csat_good, csat_bad = r.csat_bad + EXCLUDED.csat_bad,
        sent = r.sent + EXCLUDED.sent, responded = r.responded + EXCLUDED.responded,
        reminded = r.reminded + EXCLUDED.reminded,
        after_reminder = r.after_reminder + EXCLUDED.after_reminder;
  INSERT INTO report_team_week AS r
    (week, scale_id, group_id, brand_id, channel,
     n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded, reminded, after_reminder)
  VALUES (w, scale, coalesce(s.group_id, 0), coalesce(s.brand_id, 0), coalesce(s.channel, ''),
          n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], good, bad, sent, responded, reminded, after_reminder)
  ON CONFLICT (scale_id, week, group_id, brand_id, channel) DO UPDATE
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

-- What an answer or survey change costs: every rollup_add call now writes ten rows, so the
-- triggers make no call that changes nothing.
-- 015's, but an answer edited on its own survey takes its old contribution out and puts the new
-- one in (2 calls): the "back to unanswered" step between them added and took away the same counts.
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
  IF TG_OP = 'UPDATE' AND OLD.survey_id = NEW.survey_id THEN
    SELECT * INTO s FROM surveys WHERE id = NEW.survey_id;
    IF FOUND THEN
      PERFORM report_rollup_apply(s, OLD, -1);
      PERFORM report_rollup_apply(s, NEW, 1);
    END IF;
    RETURN NULL;
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

-- 003's, but a survey update that leaves every counted fact as it was (an answer marking its
-- survey answered, a write-back status) changes nothing: what report_rollup_apply reads of a
-- survey is whether it counts (not replaced), whether it counts as sent, its scale, snapshot,
-- CSAT, solve day and reminder.
CREATE OR REPLACE FUNCTION report_rollup_on_survey() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  a answers;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM report_rollup_apply(NEW, NULL, 1);
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE'
     AND (OLD.status = 'replaced') = (NEW.status = 'replaced')
     AND (OLD.published_at IS NOT NULL AND OLD.status <> 'superseded')
         = (NEW.published_at IS NOT NULL AND NEW.status <> 'superseded')
     AND (OLD.scale_id, OLD.assignee_id, OLD.group_id, OLD.brand_id, OLD.channel,
          lower(OLD.satisfaction), coalesce(OLD.solved_at, OLD.created_at), OLD.reminded_at)
         IS NOT DISTINCT FROM
         (NEW.scale_id, NEW.assignee_id, NEW.group_id, NEW.brand_id, NEW.channel,
          lower(NEW.satisfaction), coalesce(NEW.solved_at, NEW.created_at), NEW.reminded_at) THEN
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

-- The new rows from the rows they sum (exact already): the agent blocks from the agent weeks, and
-- from the segment rows every count with the agent (the team rows), the brand (channel rows) or
-- the channel (brand rows) summed away.
CREATE FUNCTION report_split_recount() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  counts text := 'n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, csat_good, csat_bad, sent, responded, '
                 'reminded, after_reminder';
  sums text := 'sum(n1), sum(n2), sum(n3), sum(n4), sum(n5), sum(n6), sum(n7), sum(n8), sum(n9), '
               'sum(n10), sum(csat_good), sum(csat_bad), sum(sent), sum(responded), sum(reminded), '
               'sum(after_reminder)';
  t record;
BEGIN
  -- Each table: the rows it sums, its day or week (or block) from theirs, and the keys it keeps.
  FOR t IN
    SELECT * FROM (VALUES
      ('report_agent_block', 'report_agent_week', 'block', 'report_block(week)', 'assignee_id, group_id'),
      ('report_channel_day', 'report_segment_day', 'day', 'day', 'channel, group_id, assignee_id'),
      ('report_channel_week', 'report_segment_week', 'week', 'week', 'channel, group_id, assignee_id'),
      ('report_brand_day', 'report_segment_day', 'day', 'day', 'brand_id, group_id, assignee_id'),
      ('report_brand_week', 'report_segment_week', 'week', 'week', 'brand_id, group_id, assignee_id'),
      ('report_team_day', 'report_segment_day', 'day', 'day', 'group_id, brand_id, channel'),
      ('report_team_week', 'report_segment_week', 'week', 'week', 'group_id, brand_id, channel')
    ) AS x (target, source, at_column, at_value, keys)
  LOOP
    EXECUTE format('DELETE FROM %I', t.target);
    -- In key order (scale, then day or week): the rows of a day lie side by side.
    EXECUTE format(
      'INSERT INTO %I (%s, scale_id, %s, %s) SELECT %s, scale_id, %s, %s FROM %I
        GROUP BY 1, scale_id, %s ORDER BY scale_id, 1, %s',
      t.target, t.at_column, t.keys, counts, t.at_value, t.keys, sums, t.source, t.keys, t.keys);
  END LOOP;
END
$$;

-- Where the rows lie matters as much as how many a report reads: a period's rows of 5,000 agents
-- are ~30,000, and read from a table laid out by day they take ~700 pages; scattered (a recount
-- writes them in hash order, an UPDATE of every row moves each) they take ~13,000, one per row
-- (measured at 10M answers: 150 ms against 55 ms for the agent table's query). Rows are written
-- day by day, so a day's rows start out side by side; room on every page (fillfactor) lets their
-- many updates stay on it (HOT updates: no count column is indexed); report_rollup_lay_out()
-- lays the tables out in key order, by hand in a quiet hour (it locks them).
ALTER TABLE report_agent_day SET (fillfactor = 70);
ALTER TABLE report_segment_day SET (fillfactor = 70);
ALTER TABLE report_agent_week SET (fillfactor = 70);
ALTER TABLE report_segment_week SET (fillfactor = 70);
ALTER TABLE report_agent_block SET (fillfactor = 70);
ALTER TABLE report_channel_day SET (fillfactor = 70);
ALTER TABLE report_channel_week SET (fillfactor = 70);
ALTER TABLE report_brand_day SET (fillfactor = 70);
ALTER TABLE report_brand_week SET (fillfactor = 70);
ALTER TABLE report_team_day SET (fillfactor = 70);
ALTER TABLE report_team_week SET (fillfactor = 70);

CREATE FUNCTION report_rollup_lay_out() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  CLUSTER report_agent_day USING report_agent_day_pkey;
  CLUSTER report_segment_day USING report_segment_day_pkey;
  CLUSTER report_agent_week USING report_agent_week_pkey;
  CLUSTER report_segment_week USING report_segment_week_pkey;
  CLUSTER report_agent_block USING report_agent_block_pkey;
  CLUSTER report_channel_day USING report_channel_day_pkey;
  CLUSTER report_channel_week USING report_channel_week_pkey;
  CLUSTER report_brand_day USING report_brand_day_pkey;
  CLUSTER report_brand_week USING report_brand_week_pkey;
  CLUSTER report_team_day USING report_team_day_pkey;
  CLUSTER report_team_week USING report_team_week_pkey;
END
$$;

-- 024's recount (counts, then reminders), then the new rows from the recounted ones. Not laid
-- out here: CLUSTER's exclusive lock, taken inside a recount that a zone change or a TRUNCATE
-- runs while answers arrive, could wait in a circle with a writer; report_rollup_lay_out() is for
-- a quiet hour (docs/reports.md).
CREATE OR REPLACE FUNCTION report_rollup_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_rollup_rebuild_counts();
  PERFORM report_reminder_recount();
  PERFORM report_split_recount();
END
$$;

-- Existing rows: the segment rows are exact, so the new tables are their sums (no full recount
-- under the migration's locks).
-- The tables are not laid out again here: at 10M answers that holds every rollup write for minutes
-- of a deploy. Days written from now on fill pages with room to spare, so older days' rows heal as
-- they age out of the reports; a large account can lay them out at once in a quiet hour with
-- SELECT report_rollup_lay_out() (docs/reports.md).
SELECT report_split_recount();
