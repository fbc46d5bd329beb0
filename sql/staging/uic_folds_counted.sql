-- An incremental build's UICs that staging.uic_folds held already, with their valid tests in the
-- added files (the registered relation uic_counted(client_uic, valid_tests), from
-- sql/staging/uic_counts.sql): rows are only ever added, so their count grows by that many.
UPDATE staging.uic_folds AS f SET valid_tests = f.valid_tests + c.valid_tests
FROM uic_counted AS c
WHERE f.client_uic = c.client_uic
