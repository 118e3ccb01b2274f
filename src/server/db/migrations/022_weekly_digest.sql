-- Weekly digest for team leads (issue 14, item 3): opt-in per lead, set by the lead themself.
-- The groups and language are those the lead had when they last saved it, so the weekly job
-- (which runs without a request) reports on exactly what the lead could see in the app.
CREATE TABLE digest_subscriptions (
  zendesk_user_id bigint PRIMARY KEY,
  enabled boolean NOT NULL,
  locale text NOT NULL,
  -- Group ids as a JSON array; null: every group (admins, team leads who see every group).
  group_ids jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per digest sent: the primary key keeps a lead to one digest per week, across retries,
-- restarts and replicas.
CREATE TABLE digest_sends (
  zendesk_user_id bigint NOT NULL,
  week_from date NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (zendesk_user_id, week_from)
);
