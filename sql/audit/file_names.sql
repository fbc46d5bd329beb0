-- Every file of the build by its stored name, in processing (file-name) order.
SELECT file_name FROM audit.files ORDER BY file_name
