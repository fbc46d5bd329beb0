import dagster as dg

from pipelines import definitions
from pipelines.definitions import defs


def test_a_process_builds_the_definitions_once_however_often_dagster_asks(monkeypatch):
    # Dagster's CLI asked six times a run (~0.13 s each, ~1 s of a run's CPU with what they build)
    built = []
    real = dg.load_from_defs_folder
    monkeypatch.setattr(dg, "load_from_defs_folder", lambda **kwargs: built.append(1) or real(**kwargs))
    definitions._loaded.cache_clear()
    try:
        first = defs()
        assert all(defs() is first for _ in range(5)) and len(built) == 1
    finally:
        definitions._loaded.cache_clear()  # later tests build with the real loader


def test_definitions_load_with_every_asset_and_check():
    d = defs()
    graph = d.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"staging/screening", "audit/files", "audit/held_rows", "marts/person_periods", "marts/indicators",
            "report/indicators", "report/html"} <= keys
    checks = {k.name for k in graph.asset_check_keys}
    assert {"gx_required_fields", "gx_identity", "gx_codes", "gx_ranges", "gx_cascade", "gx_soft_signals",
            "record_id_unique", "rows_accounted", "uic_lookalikes", "site_freshness", "site_lookalikes", "held_age",
            "held_record_id", "held_vl_copies", "small_revisions", "targets_unmet",
            "files_removed", "files_judged_first", "columns_unread", "rows_marked_rejected", "tests_repeated"} <= checks
    blocking = {k.name for k in graph.asset_check_keys if graph.get_check_spec(k).blocking}
    assert blocking == {"gx_required_fields", "gx_identity", "gx_codes", "gx_ranges", "gx_cascade",
                        "record_id_unique", "rows_accounted"}
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.kinds, key
        assert node.description, key
    assert isinstance(d.resources["warehouse"], dg.ConfigurableResource)
    assert d.resolve_job_def("refresh_all").executor_def.name == "in_process"


def test_month_partitions_live_on_a_job_so_the_main_command_needs_no_partition():
    d = defs()
    graph = d.resolve_asset_graph()
    # `dagster asset materialize --select '*'` refuses a selection holding partitioned assets
    assert all(graph.get(k).partitions_def is None for k in graph.get_all_asset_keys())
    job = d.resolve_job_def("rebuild_months")
    keys = job.partitions_def.get_partition_keys()
    assert keys[0] == "2015-01" and "2025-03" in keys
    assert d.resolve_job_def("refresh_all").partitions_def is None


def test_the_image_browser_launches_only_when_the_images_follow_in_the_run():
    from pipelines.defs.resources import IMAGES, images_follow

    def run(selection):
        return dg.DagsterRun(job_name="j", asset_selection=selection)

    html = dg.AssetKey(["report", "html"])
    assert images_follow(run(frozenset({html, IMAGES})))  # the main command: --select '*'
    assert not images_follow(run(frozenset({html})))  # --select report/html: no images, no browser
    assert not images_follow(run(frozenset()))  # dg.materialize: not known
    assert images_follow(run(None))  # a run of a whole job: refresh_all, which holds the images
    from pipelines.defs.schedules import refresh_all

    d = defs()
    assert "chart_images" in d.resources
    assert IMAGES in refresh_all.selection.resolve(d.resolve_asset_graph())


def test_disclosure_control_is_imported_beside_the_ingest_only_when_the_report_follows():
    from pipelines.defs.report.checks import INDICATORS
    from pipelines.defs.resources import REPORT_INDICATORS, disclosure_follows

    def run(selection):
        return dg.DagsterRun(job_name="j", asset_selection=selection)

    ingest = dg.AssetKey(["staging", "screening"])
    assert INDICATORS == REPORT_INDICATORS == dg.AssetKey(["report", "indicators"])
    assert disclosure_follows(run(frozenset({ingest, REPORT_INDICATORS})))  # the main command: --select '*'
    assert not disclosure_follows(run(frozenset({ingest})))  # the ingest alone: SciPy is never needed
    assert not disclosure_follows(run(frozenset()))  # dg.materialize: not known
    assert disclosure_follows(run(None))  # a run of a whole job
