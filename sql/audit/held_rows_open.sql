-- The held rows still to fix: those of which no row of the same record_id was accepted after them, from a
-- file later in the processing order (file-name order) or further down the same file. A row held back and
-- sent again corrected is accepted from the corrected file; its held row stays in audit.held_rows (the
-- file's rows read still add up) but is no longer the officer's to fix. A row held because its record_id
-- was loaded before with other content stays open: which of the two is right is the officer's call.
CREATE OR REPLACE VIEW audit.held_rows_open AS
SELECT h.*
FROM audit.held_rows AS h
WHERE NOT EXISTS (
    SELECT 1 FROM staging.screening AS s
    WHERE s.record_id = h.record_id
      AND (s.file_name > h.file_name OR (s.file_name = h.file_name AND s.row_number > h.row_number)))
