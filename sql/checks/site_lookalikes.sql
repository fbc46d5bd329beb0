-- Site codes that differ only by punctuation, spacing, a number's leading zeros or Cyrillic look-alike
-- letters ("ALA-01", "ALA01", "ALA 1", "ALA/01"): possibly one site under two codes, each counted as a site
-- of its own. One row per group, by its key: (key, codes, tests per code). Codes that differ only
-- invisibly are one code already (mh_site_code in sql/staging/screening_rules.sql).
WITH sites AS (
    SELECT site_code, count(*) AS tests FROM staging.screening GROUP BY site_code
), keyed AS (
    SELECT site_code, tests,
           regexp_replace(regexp_replace(translate(site_code, 'АВЕКМНОРСТХ', 'ABEKMHOPCTX'),
                                         '[^0-9A-ZА-ЯЁ]', '', 'g'),
                          '(^|[^0-9])0+([0-9])', '\1\2', 'g') AS key
    FROM sites
)
SELECT key, list(site_code ORDER BY site_code) AS codes, list(tests ORDER BY site_code) AS tests
FROM keyed
GROUP BY key
HAVING count(*) > 1
ORDER BY key
