import dagster as dg

from pipelines.definitions import defs


def test_definitions_load_with_every_asset_and_check():
    d = defs()
    graph = d.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"staging/screening", "audit/files", "audit/held_rows", "marts/person_periods", "marts/indicators",
            "report/indicators", "report/html"} <= keys
    checks = {k.name for k in graph.asset_check_keys}
    assert {"gx_required_fields", "gx_identity", "gx_codes", "gx_ranges", "gx_cascade", "gx_soft_signals",
            "record_id_unique", "rows_accounted", "uic_lookalikes", "site_freshness", "held_age",
            "held_record_id", "held_vl_copies"} <= checks
    blocking = {k.name for k in graph.asset_check_keys if graph.get_check_spec(k).blocking}
    assert blocking == {"gx_required_fields", "gx_identity", "gx_codes", "gx_ranges", "gx_cascade",
                        "record_id_unique", "rows_accounted"}
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.kinds, key
        assert node.description, key
    assert isinstance(d.resources["warehouse"], dg.ConfigurableResource)
