"""settings.memory_size: what DuckDB reads as a memory limit passes; anything else names MH_DUCKDB_MEMORY."""

import duckdb
import pytest

from pipelines.lib.settings import memory_size


@pytest.mark.parametrize("value", ["2GB", "512MB", "512 MiB", "1.5GB", "4gib", " 3 GB "])
def test_sizes_duckdb_reads_pass(value):
    assert memory_size(value) == value
    with duckdb.connect(config={"memory_limit": value}) as con:  # and DuckDB takes them, as the resource gives them
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


# DuckDB itself takes "2 GB of RAM" and "-1GB" (no limit): refused here too, as a typo or no cap at all
@pytest.mark.parametrize("value", ["abc", "0", "2048", "2 GB of RAM", "GB", "-1GB", ""])
def test_anything_else_names_the_setting(value):
    with pytest.raises(ValueError, match=r"\(MH_DUCKDB_MEMORY\) is not a size such as 2GB, 512MB or 4GiB"):
        memory_size(value)
