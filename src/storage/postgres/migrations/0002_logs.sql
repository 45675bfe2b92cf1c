-- The logs behind the staff dashboard: unanswered questions, ratings and usage events, each row
-- the same JSON as a line of the lowdb file, in the order written. `import_key` is set only on
-- rows that `npm run db:import` brought from a file, so that importing the file again adds nothing.
CREATE TABLE unanswered_questions (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  question jsonb NOT NULL
);

CREATE TABLE ratings (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation text NOT NULL,
  card text,
  entry_id text NOT NULL,
  rating jsonb NOT NULL,
  import_key text UNIQUE
);

CREATE INDEX ratings_by_card ON ratings (conversation, card) WHERE card IS NOT NULL;

CREATE TABLE usage_events (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event jsonb NOT NULL,
  import_key text UNIQUE
);
