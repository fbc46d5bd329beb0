-- Every inbox file of this build in file order (registered relation file_outcomes: file_seq, name,
-- hash, status, rows read, whether this run read it, and the published counts of those it did not) as
-- the temp table file_list that sql/staging/screening.sql and sql/audit/files.sql read.
CREATE OR REPLACE TEMP TABLE file_list AS SELECT * FROM file_outcomes
