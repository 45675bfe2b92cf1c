-- The console filters feedback records by the category of a problem report, which is kept inside
-- the record (JSONB); this index lets PostgreSQL find a category's records without reading all.
CREATE INDEX feedback_records_category ON feedback_records ((record->>'category'));
