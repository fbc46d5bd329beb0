-- The distinct accepted UICs of the files read in this run that staging.uic_folds does not hold yet:
-- what the ingest folds (pipelines/lib/uic.py) and appends with sql/staging/uic_folds.sql.
SELECT client_uic
FROM (SELECT DISTINCT client_uic FROM staging.screening
      WHERE file_name IN (SELECT file_name FROM file_list WHERE processed)) AS n
ANTI JOIN staging.uic_folds AS f USING (client_uic)
