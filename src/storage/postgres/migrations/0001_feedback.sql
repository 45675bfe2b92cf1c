-- Feedback records. The whole record is kept as JSONB (the same shape as in feedback.json); the
-- columns beside it are what the console filters on and retention looks for. `position` keeps
-- the order records were made in (and imported in).
CREATE TABLE feedback_sequences (
  year integer PRIMARY KEY,
  -- The last number given in that year; raised in the transaction that stores the record, so a
  -- number is never given twice and never skipped.
  last integer NOT NULL CHECK (last >= 0)
);

CREATE TABLE feedback_records (
  position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  reference text PRIMARY KEY,
  kind text NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  closed_at timestamptz,
  anonymised_at timestamptz,
  record jsonb NOT NULL
);

CREATE INDEX feedback_records_kind_status ON feedback_records (kind, status);
CREATE INDEX feedback_records_created_at ON feedback_records (created_at);
CREATE INDEX feedback_records_due_for_erasure ON feedback_records (closed_at) WHERE status = 'closed' AND anonymised_at IS NULL;
