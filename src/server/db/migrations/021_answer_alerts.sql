-- High-effort chat alerts, one row per alerted answer: the score the last chat message stated, so a
-- retried or repeated job never posts the same alert twice, and a changed score posts an update.
CREATE TABLE answer_alerts (
  survey_id bigint PRIMARY KEY REFERENCES surveys (id) ON DELETE CASCADE,
  chat_score smallint NOT NULL,
  chat_messages integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
