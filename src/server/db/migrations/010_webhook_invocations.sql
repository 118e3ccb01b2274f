-- Deliveries of the solve webhook, by Zendesk's x-zendesk-webhook-invocation-id ("Anatomy of a
-- webhook request"), which stays the same across Zendesk's retries of one invocation: a repeated
-- invocation finds the decision (survey or skip) its first delivery made under solve_key.
CREATE TABLE webhook_invocations (
  invocation_id text PRIMARY KEY,
  solve_key text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
