-- How the build's staging was judged: full or incremental (sql/audit/build.sql).
SELECT mode FROM audit.build
