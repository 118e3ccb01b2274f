-- One row of settings (scale, question, drivers, rules), edited by admins in the app.
CREATE TABLE settings (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- What setup learned from Zendesk: field ids, webhook id and its signing secret.
CREATE TABLE zendesk_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One survey per delivered solve (or per manual send). Credit is a snapshot taken at solve.
CREATE TABLE surveys (
  id bigserial PRIMARY KEY,
  ticket_id bigint NOT NULL,
  solve_key text NOT NULL UNIQUE,
  origin text NOT NULL DEFAULT 'solve' CHECK (origin IN ('solve', 'manual')),
  requester_id bigint,
  requester_locale text,
  assignee_id bigint,
  group_id bigint,
  brand_id bigint,
  channel text,
  satisfaction text,
  solved_at timestamptz,
  scale_id text NOT NULL,
  -- The link token is HMAC(secret, token_salt): unguessable, never stored; only its hash is kept.
  token_salt text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'answered', 'superseded')),
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  closes_at timestamptz NOT NULL,
  writeback_status text NOT NULL DEFAULT 'none'
    CHECK (writeback_status IN ('none', 'pending', 'done', 'ticket_closed', 'failed')),
  writeback_at timestamptz,
  writeback_version integer NOT NULL DEFAULT 0
);
CREATE INDEX surveys_ticket_idx ON surveys (ticket_id, created_at DESC);
CREATE INDEX surveys_requester_idx ON surveys (requester_id, created_at DESC);
CREATE INDEX surveys_assignee_created_idx ON surveys (assignee_id, created_at);
CREATE INDEX surveys_created_idx ON surveys (created_at);

-- The customer's answer: the raw score on the scale it was asked on; everything else is derived.
CREATE TABLE answers (
  survey_id bigint PRIMARY KEY REFERENCES surveys (id) ON DELETE CASCADE,
  score smallint NOT NULL,
  scale_id text NOT NULL,
  driver text,
  comment text,
  locale text,
  answered_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX answers_answered_idx ON answers (answered_at);

-- A solve that did not become a survey, and why.
CREATE TABLE skips (
  id bigserial PRIMARY KEY,
  ticket_id bigint NOT NULL,
  solve_key text NOT NULL UNIQUE,
  requester_id bigint,
  assignee_id bigint,
  group_id bigint,
  reason text NOT NULL,
  detail text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX skips_ticket_idx ON skips (ticket_id, created_at DESC);

-- Work for Zendesk, written in the same transaction as the change that needs it.
CREATE TABLE outbox_jobs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  dedupe_key text,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 12,
  run_at timestamptz NOT NULL DEFAULT now(),
  locked_by text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz
);
-- At most one waiting job per key: a later change moves the waiting job instead of adding one.
CREATE UNIQUE INDEX outbox_jobs_queued_key ON outbox_jobs (dedupe_key) WHERE status = 'queued';
CREATE INDEX outbox_jobs_due_idx ON outbox_jobs (run_at) WHERE status = 'queued';
CREATE INDEX outbox_jobs_status_idx ON outbox_jobs (status, updated_at);
