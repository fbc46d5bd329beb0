"""The screening export contract (shared/screening-export-format.md) as data."""

from __future__ import annotations

COLUMNS: tuple[str, ...] = (
    "record_id", "client_uic", "test_date", "site_code", "country_of_origin", "migrant_group",
    "residence_status", "sex", "age", "key_population", "test_modality", "result",
    "previously_diagnosed", "linked_date", "care_location", "art_start_date", "vl_date", "vl_copies",
)
REQUIRED: tuple[str, ...] = (
    "record_id", "client_uic", "test_date", "site_code", "country_of_origin", "migrant_group",
    "residence_status", "sex", "age", "key_population", "result",
)
# The allowed values, ranges and the UIC pattern are stated once, in sql/staging/screening.sql
# (the contract) and expectations/staging.screening.json (the reviewed GX suite).
DATE_COLUMNS: tuple[str, ...] = ("test_date", "linked_date", "art_start_date", "vl_date")


ROW_ERROR = "_row_error"  # the readers' column for a row that does not fit the header (held back)


def normalise_header(name: object) -> str:
    """Header names are case-insensitive and may carry stray spaces or a byte-order mark. A file's own
    column named like the readers' ROW_ERROR is another column (ignored, as not in the contract): its
    cells must not become the reasons rows are held for."""
    name = str(name if name is not None else "").replace("\ufeff", "").strip().lower()
    return f"{name} (a column of the file)" if name == ROW_ERROR else name
