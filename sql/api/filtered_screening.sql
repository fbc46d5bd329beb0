-- staging.screening of an in-memory analysis database: the published records under a filter.
-- Every filter is a bound list parameter (NULL = no filter), so the indicator SQL runs unchanged.
CREATE SCHEMA IF NOT EXISTS staging;
-- ;;
CREATE OR REPLACE TABLE staging.screening AS
SELECT * FROM wh.staging.screening AS s
WHERE ($site_code IS NULL OR list_contains($site_code, s.site_code))
  AND ($country_of_origin IS NULL OR list_contains($country_of_origin, s.country_of_origin))
  AND ($migrant_group IS NULL OR list_contains($migrant_group, s.migrant_group))
  AND ($residence_status IS NULL OR list_contains($residence_status, s.residence_status))
  AND ($key_population IS NULL OR list_contains($key_population, s.key_population))
  AND ($sex IS NULL OR list_contains($sex, s.sex))
  AND ($date_from IS NULL OR s.test_date >= $date_from)
  AND ($date_to IS NULL OR s.test_date <= $date_to)
  AND ($age_min IS NULL OR s.age >= $age_min)
  AND ($age_max IS NULL OR s.age <= $age_max);
