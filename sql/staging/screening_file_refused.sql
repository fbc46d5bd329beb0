-- A file refused after parts of it were judged (a large Parquet file is read in parts, and a later part
-- carried identifying data or could not be parsed): its verdicts go, so that none of it is kept.
DELETE FROM screening_checked WHERE file_seq = $file_seq
