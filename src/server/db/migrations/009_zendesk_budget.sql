-- The Zendesk API budget every worker and replica shares (a token bucket, kept as GCRA's one
-- timestamp): next_at is when the bucket would be empty at the budget's rate; a request may go
-- once next_at minus one burst has passed. minute_start/used_this_minute/used_last_minute count
-- the requests let through, for the outbox status ("budget in use").
CREATE TABLE zendesk_budget (
  id integer PRIMARY KEY CHECK (id = 1),
  next_at timestamptz NOT NULL DEFAULT now(),
  minute_start timestamptz NOT NULL DEFAULT date_trunc('minute', now()),
  used_this_minute integer NOT NULL DEFAULT 0,
  used_last_minute integer NOT NULL DEFAULT 0
);
INSERT INTO zendesk_budget (id) VALUES (1);
