-- One file's rows (relation file_rows) judged by the per-row rules, appended to screening_checked.
INSERT INTO screening_checked SELECT * FROM screening_file_checked;
