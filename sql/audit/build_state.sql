-- The published build's contract fingerprint, whether it holds rows back as "in the future" (they may be
-- due now, which changes what later rows are: only a full rebuild decides that), and the time zone its
-- files were read in.
SELECT (SELECT contract_sha FROM audit.build),
       (SELECT count(*) FROM audit.held_rows WHERE reason LIKE '%is in the future%') > 0,
       (SELECT timezone FROM audit.build)
