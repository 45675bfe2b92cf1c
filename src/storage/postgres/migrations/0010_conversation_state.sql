-- Bot Framework conversation state (botbuilder StoreItems), one row per storage key. The eTag is
-- compared in the UPDATE itself, so a stale write fails however many instances write at once;
-- updated_at drives the conversation retention (idle conversations, with their feedback drafts, are erased).
CREATE TABLE bot_state (
  key text PRIMARY KEY,
  etag text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bot_state_updated_at ON bot_state (updated_at);
