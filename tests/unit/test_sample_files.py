"""The benchmark's sites (``bench_sites``): the sample's three by default, or as many as asked for."""

import pandas as pd
import pytest

from pipelines.lib.sample_files import bench_sites

EXPORT = pd.DataFrame({"record_id": [f"R{i}" for i in range(2000)], "site_code": ["ALA-01", "AST-02"] * 1000})


def test_by_default_the_sites_are_the_generated_ones():
    assert bench_sites(EXPORT, None, 7) is EXPORT


def test_as_many_sites_as_asked_for_named_by_city_then_number():
    sites = bench_sites(EXPORT, 22, 7)
    # twenty cities' first site, then the first two cities' second: ALA-02 and AST-02
    assert sorted(sites.site_code.unique())[:4] == ["AKT-01", "ALA-01", "ALA-02", "AST-01"]
    assert sites.site_code.nunique() == 22 and {"ALA-02", "AST-02", "KON-01"} <= set(sites.site_code)
    assert "SHY-02" not in set(sites.site_code)
    assert list(sites.record_id) == list(EXPORT.record_id)  # the records themselves as they were
    assert bench_sites(EXPORT, 22, 7).equals(sites)  # the same seed, the same sites


@pytest.mark.parametrize("sites", [0, 20 * 99 + 1])
def test_a_number_of_sites_that_cannot_be_named_is_refused(sites):
    with pytest.raises(ValueError, match="from 1 to 1980"):
        bench_sites(EXPORT, sites, 7)
