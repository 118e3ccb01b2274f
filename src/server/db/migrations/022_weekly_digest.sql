-- Weekly digest for team leads (issue 14, item 3): opt-in per lead, set by the lead themself, in
-- the language of their app. Their groups are not kept: the weekly job asks Zendesk who the lead
-- is when it sends, so a lead who lost the role or changed groups gets what they may see now.
CREATE TABLE digest_subscriptions (
  zendesk_user_id bigint PRIMARY KEY,
  enabled boolean NOT NULL,
  locale text NOT NULL,
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
