-- The published warehouse ($path), read-only as wh, for the analysts' API (pipelines/warehouse.py).
ATTACH $path AS wh (READ_ONLY)
