-- The people (client_uic) with more than one valid test among $tests (a relation shaped like
-- marts.valid_tests), as the temp table repeat_testers_of_tests: what sql/marts/cells.sql takes when
-- it counts the tests of some people (an incremental build's scope, the analysts' filtered records).
CREATE OR REPLACE TEMP TABLE repeat_testers_of_tests AS
SELECT client_uic FROM query_table($tests) GROUP BY client_uic HAVING count(*) > 1
