"""The data dictionary (docs/data-dictionary.md), generated from the warehouse's own comments."""

from __future__ import annotations

import duckdb

from pipelines.lib.sql import query_df, run_sql


def comment_warehouse(con: duckdb.DuckDBPyConnection) -> None:
    """The warehouse's comments (``sql/docs/comments.sql``), after the views they describe: a warehouse
    released before a view existed (audit.held_rows_open, 2026-12-06; audit.tests_repeated, 2026-12-07) gets it
    here."""
    run_sql(con, "audit.held_rows_open")
    run_sql(con, "audit.tests_repeated")
    run_sql(con, "docs.comments")


def dictionary_markdown(con: duckdb.DuckDBPyConnection) -> str:
    df = query_df(con, "docs.dictionary")
    out = ["# Data dictionary", "",
           "Generated from the DuckDB comments of the warehouse (`sql/docs/comments.sql`) by",
           "`uv run python -m pipelines.warehouse dictionary`; a test keeps it current.", ""]
    for (schema, table), cols in df.groupby(["schema_name", "table_name"], sort=True):
        out += [f"## `{schema}.{table}`", "", str(cols["table_comment"].iloc[0] or ""), "",
                "| column | type | meaning |", "|---|---|---|"]
        for r in cols.itertuples(index=False):
            out.append(f"| `{r.column_name}` | {r.data_type} | {(r.column_comment or '').replace('|', '/')} |")
        out.append("")
    return "\n".join(out)
