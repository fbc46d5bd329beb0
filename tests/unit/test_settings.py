"""settings.memory_size: what DuckDB reads as a memory limit passes; anything else names MH_DUCKDB_MEMORY."""

import duckdb
import pytest

from pipelines.lib.settings import memory_size


# DuckDB reports its limit in units of 1024, cut (not rounded) to one decimal: 2e9 B = 1.86 GiB, 512e6 B =
# 488.28 MiB, 1.5e9 B = 1.40 GiB, 3e9 B = 2.79 GiB (by hand)
@pytest.mark.parametrize("value, limit", [("2GB", "1.8 GiB"), ("512MB", "488.2 MiB"), ("512 MiB", "512.0 MiB"),
                                          ("1.5GB", "1.3 GiB"), ("4gib", "4.0 GiB"), (" 3 GB ", "2.7 GiB")])
def test_sizes_duckdb_reads_pass(value, limit):
    assert memory_size(value) == value
    with duckdb.connect(config={"memory_limit": value}) as con:  # and DuckDB takes them, as the resource gives them
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == limit


# DuckDB itself takes "2 GB of RAM" and "-1GB" (no limit): refused here too, as a typo or no cap at all
@pytest.mark.parametrize("value", ["abc", "0", "2048", "2 GB of RAM", "GB", "-1GB", ""])
def test_anything_else_names_the_setting(value):
    with pytest.raises(ValueError, match=r"\(MH_DUCKDB_MEMORY\) is not a size such as 2GB, 512MB or 4GiB"):
        memory_size(value)
