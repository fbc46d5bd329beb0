-- The published warehouse ($path), read-only as prev, for what a release carries over from it.
ATTACH $path AS prev (READ_ONLY)
