-- The staff console: accounts, the audit log, dismissed groups, and what several instances must
-- share to stand behind one address: sessions, attempt limits and webhook redeliveries.
CREATE TABLE staff_users (
  name text PRIMARY KEY,
  password_hash text NOT NULL,
  created_at text NOT NULL
);

CREATE TABLE staff_audit (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry jsonb NOT NULL,
  import_key text UNIQUE
);

CREATE TABLE staff_dismissed (
  group_key text PRIMARY KEY,
  position bigint GENERATED ALWAYS AS IDENTITY UNIQUE
);

-- Only a hash of the session id is kept: the table's content does not sign anyone in.
CREATE TABLE staff_sessions (
  id_hash text PRIMARY KEY,
  user_name text NOT NULL,
  csrf text NOT NULL,
  expires_at timestamptz NOT NULL,
  flash text
);

CREATE INDEX staff_sessions_expires_at ON staff_sessions (expires_at);

-- Wrong attempts per limiter (scope) and key; the key is hashed (it holds addresses and names).
CREATE TABLE attempt_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scope text NOT NULL,
  key_hash text NOT NULL,
  at timestamptz NOT NULL
);

CREATE INDEX attempt_failures_by_key ON attempt_failures (scope, key_hash, at);
CREATE INDEX attempt_failures_by_time ON attempt_failures (scope, at);

-- Webhook message ids seen within the redelivery window, hashed (Viber's hold the user's id).
CREATE TABLE webhook_deliveries (
  scope text NOT NULL,
  id_hash text NOT NULL,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (scope, id_hash)
);

CREATE INDEX webhook_deliveries_seen_at ON webhook_deliveries (seen_at);
