-- The first migration: nothing but the proof that migrations run. Each store adds its own tables
-- in the next numbered files.
SELECT 1;
