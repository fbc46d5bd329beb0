-- Distinct UICs that become equal when Cyrillic look-alike letters are read as Latin ones: the groups
-- of staging.uic_lookalike_groups, which the ingest keeps (sql/staging/uic_lookalike_groups.sql). The
-- sample: the smallest record_ids of the rows in the first ten groups (by folded UIC), so that the
-- officer sees whole groups; looking up the rows of every group scanned all of staging for a sample of
-- ten (0.3 s at 10M).
SELECT count(*) AS failing,
       (SELECT min(s.record_id, 10) FROM staging.screening AS s
        WHERE s.client_uic IN (SELECT client_uic FROM staging.uic_folds
                               WHERE latin IN (SELECT latin FROM staging.uic_lookalike_groups
                                               ORDER BY latin LIMIT 10)))
           AS sample_ids
FROM staging.uic_lookalike_groups
