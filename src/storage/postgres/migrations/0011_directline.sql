-- The self-hosted Direct Line's transcripts, shared by every instance: a conversation and its
-- activities, numbered by a per-conversation sequence that is the Direct Line watermark. bytes and
-- activity_count are kept on the conversation so that the bounds are checked without scanning.
CREATE TABLE dl_conversations (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  started boolean NOT NULL DEFAULT false,
  -- The watermark: the number of activities the conversation has had (trimmed ones included).
  last_seq bigint NOT NULL DEFAULT 0,
  bytes bigint NOT NULL DEFAULT 0,
  last_active timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dl_conversations_last_active ON dl_conversations (last_active);

CREATE TABLE dl_activities (
  conversation_id text NOT NULL REFERENCES dl_conversations (id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  body jsonb NOT NULL,
  bytes integer NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
