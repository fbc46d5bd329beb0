-- The files whose rows the GX suite validates: in an incremental build, the files it read (the
-- published rows were validated before they could be published, by the same suite: the suite is part
-- of the contract fingerprint, so a changed suite rebuilds all); NULL, every row, in a full build.
SELECT CASE WHEN mode = 'incremental' THEN files_read END FROM audit.build
