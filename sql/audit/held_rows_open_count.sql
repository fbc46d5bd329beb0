-- How many held rows are still to fix (audit.held_rows_open): the audit/held_rows asset's metadata.
SELECT count(*) FROM audit.held_rows_open
