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
OPTIONAL: tuple[str, ...] = tuple(c for c in COLUMNS if c not in REQUIRED)

ALLOWED: dict[str, tuple[str, ...]] = {
    "migrant_group": ("labour_migrant", "relocant", "kandas", "family_member", "student", "other"),
    "residence_status": ("work_permit", "temporary_residence", "permanent_residence",
                         "citizen_kandas", "undocumented", "unknown"),
    "sex": ("male", "female", "other"),
    "key_population": ("pwid", "sw", "msm", "tg", "prisoner", "none"),
    "test_modality": ("community", "mobile", "facility", "index", "self_test"),
    "result": ("negative", "positive", "indeterminate", "invalid"),
    "previously_diagnosed": ("yes", "no", "unknown"),
    "care_location": ("KAZ", "home_remote"),
}
DATE_COLUMNS: tuple[str, ...] = ("test_date", "linked_date", "art_start_date", "vl_date")
EARLIEST_TEST_DATE = "2015-01-01"
UIC_PATTERN = r"^[A-ZА-ЯЁ]{4}[12][0-9]{4}$"
MAX_CELL_CHARS = 200  # longer values are held back, never shortened silently


def normalise_header(name: object) -> str:
    """Header names are case-insensitive and may carry stray spaces or a byte-order mark."""
    return str(name if name is not None else "").replace("\ufeff", "").strip().lower()
