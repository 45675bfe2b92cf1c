-- Knowledge files staff edited in the console, applied over each instance's knowledge folder at
-- start and after every change (NOTIFY), so that every instance answers with the same facts.
-- version grows by one with each edit; an edit reads the row FOR UPDATE, so two clerks saving at
-- once are applied one after the other, the second to the first one's result.
CREATE TABLE knowledge_files (
  path text PRIMARY KEY,
  content text NOT NULL,
  version integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);
