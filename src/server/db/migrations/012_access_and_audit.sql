-- Who may do what (issue 11): the admins' choices of who counts as a team lead, one row; and the
-- audit of every settings or setup change: who (Zendesk user id and name), when, and what changed
-- (the names of what changed and their new values, never a secret).
CREATE TABLE access_policy (
  id integer PRIMARY KEY CHECK (id = 1),
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id bigint NOT NULL,
  user_name text,
  action text NOT NULL,
  changes jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
