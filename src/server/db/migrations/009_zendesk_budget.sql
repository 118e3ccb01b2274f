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

-- What the service last saw of a ticket it wrote to (the answer to its own update), so the next
-- write needs no read first: it is sent as a safe update against that updated_at, and a 409 (the
-- ticket changed since) drops the snapshot and reads the ticket again.
CREATE TABLE zendesk_ticket_snapshots (
  ticket_id bigint PRIMARY KEY,
  ticket jsonb NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now()
);
