-- Valid tests of one person (client_uic) on one day at one site with one result under different record_ids
-- (audit.tests_repeated: sql/audit/tests_repeated.sql says why they matter): a warning. failing: the tests
-- beyond the first of each group; sample: the record_ids of the first groups (by UIC and date), every id of
-- a group.
SELECT count(*) - count(DISTINCT test_group) AS failing,
       list(record_id ORDER BY test_group, record_id)[1:10] AS sample_ids
FROM audit.tests_repeated
