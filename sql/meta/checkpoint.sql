-- Written to the database file before the writer's connection closes, so the build that is
-- published next is one file with no write-ahead log beside it.
CHECKPOINT
