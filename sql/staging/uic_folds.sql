-- staging.uic_folds: every distinct accepted UIC with its Cyrillic look-alike letters read as Latin
-- ones (АВЕКМНОРСТХ as ABEKMHOPCTX), what the uic_lookalikes check groups, and its number of valid
-- tests, from which the indicator build takes the people with several (sql/marts/repeat_testers_kept.sql).
-- Kept so that a run folds only the UICs its new files bring (sql/staging/uic_counts.sql), not all
-- ten million again. Appends the registered relation uic_folded(client_uic, latin, valid_tests), folded
-- by pipelines/lib/uic.py (DuckDB's translate took three times as long to fold them).
INSERT INTO staging.uic_folds SELECT client_uic, latin, valid_tests FROM uic_folded;
