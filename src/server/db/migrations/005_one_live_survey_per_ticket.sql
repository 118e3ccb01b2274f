-- One live survey per ticket, one counted answer per ticket.
-- superseded_at: when a newer survey of the ticket closed this survey's link. An unanswered survey
-- closed so has status 'superseded'; an answered one keeps its answer (and its count) until the
-- newer survey is answered, then becomes 'replaced': kept as history, counted nowhere.
ALTER TABLE surveys ADD COLUMN superseded_at timestamptz;
ALTER TABLE surveys DROP CONSTRAINT surveys_status_check;
ALTER TABLE surveys ADD CONSTRAINT surveys_status_check
  CHECK (status IN ('pending', 'sent', 'answered', 'superseded', 'replaced'));

-- As in 003, plus: a replaced survey counts for nothing (neither sent, responded, answers nor drivers).
CREATE OR REPLACE FUNCTION report_rollup_apply(s surveys, a answers, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d date;
  responded integer;
  good integer;
  bad integer;
  n integer[];
BEGIN
  IF s.id IS NULL OR s.status = 'replaced' THEN
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

-- As in 003, leaving replaced surveys out the same way.
CREATE OR REPLACE FUNCTION report_rollup_rebuild() RETURNS void
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
       WHERE s.status <> 'replaced'
       GROUP BY 1, 2, 3, 4, 5, 6
      UNION ALL
      SELECT (s.published_at AT TIME ZONE 'UTC')::date, s.scale_id,
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
  SELECT (a.answered_at AT TIME ZONE 'UTC')::date, a.scale_id, coalesce(s.group_id, 0),
         coalesce(s.brand_id, 0), coalesce(s.channel, ''), a.driver,
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

-- Tickets answered more than once before this migration: the latest answered survey counts, the
-- older ones become replaced; every survey but a ticket's newest has its link closed.
UPDATE surveys s SET status = 'replaced'
 WHERE s.status = 'answered'
   AND EXISTS (SELECT 1 FROM surveys n
                WHERE n.ticket_id = s.ticket_id AND n.status = 'answered'
                  AND (n.created_at, n.id) > (s.created_at, s.id));
UPDATE surveys s SET superseded_at = now()
 WHERE EXISTS (SELECT 1 FROM surveys n
                WHERE n.ticket_id = s.ticket_id AND (n.created_at, n.id) > (s.created_at, s.id));
UPDATE surveys SET status = 'superseded'
 WHERE superseded_at IS NOT NULL AND status IN ('pending', 'sent');
SELECT report_rollup_rebuild();
