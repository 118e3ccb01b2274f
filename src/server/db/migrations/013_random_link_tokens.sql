-- Survey link tokens become random values (docs/survey-links.md): no secret derives them any more,
-- so rotating CES_APP_SECRET (or any key) never closes an open link.
--
-- Links already out keep working as they are: a link is found by the SHA-256 of its token
-- (token_hash), which needs no secret. Only the salt that let CES_APP_SECRET rebuild a token goes.
--
-- A new link is held in plain text only until the publish job has put it on the ticket (then the
-- column is emptied): the job needs it, and a retry after a crash must publish the same link.
ALTER TABLE surveys ADD COLUMN unpublished_token text;

-- A link the publish job put on the ticket just before the service stopped, without recording it:
-- the ticket as the job last saw it shows a token of this survey, so the survey counts as sent.
UPDATE surveys s
   SET status = 'sent', published_at = COALESCE(s.published_at, z.seen_at)
  FROM zendesk_ticket_snapshots z, jsonb_array_elements(z.ticket -> 'custom_fields') f
 WHERE z.ticket_id = s.ticket_id
   AND s.status = 'pending' AND s.superseded_at IS NULL
   AND jsonb_typeof(f -> 'value') = 'string'
   AND encode(sha256(convert_to(substring(f ->> 'value' FROM '/s/([A-Za-z0-9_-]{43})$'), 'UTF8')),
              'hex') = s.token_hash;

-- A link still waiting for its publish job cannot get its old token without the old secret;
-- nobody has seen it, so it gets a fresh random one: two gen_random_uuid() (122 random bits each,
-- from PostgreSQL's strong random generator), condensed by SHA-256 into the 43-character shape.
WITH fresh AS (
  SELECT s.id,
         rtrim(translate(encode(sha256(convert_to(
           gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'base64'), '+/', '-_'),
           '=') AS token
    FROM surveys s
   WHERE s.status = 'pending' AND s.superseded_at IS NULL
     AND EXISTS (SELECT 1 FROM outbox_jobs j
                  WHERE j.dedupe_key = 'publish:' || s.id AND j.status <> 'done')
)
UPDATE surveys s
   SET unpublished_token = fresh.token,
       token_hash = encode(sha256(convert_to(fresh.token, 'UTF8')), 'hex')
  FROM fresh
 WHERE s.id = fresh.id;

ALTER TABLE surveys DROP COLUMN token_salt;

-- The tickets as the jobs last saw them held survey links in plain text. They are only a cache
-- (a missing one costs one read of the ticket), and from now on they leave the link field out.
DELETE FROM zendesk_ticket_snapshots;
