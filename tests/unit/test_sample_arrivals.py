"""The bundled sample's arrival times: by the sample's story, only for the sample's own bytes."""

import datetime as dt
import os

from pipelines.lib.sample_arrivals import ALMATY, apply_manifest, arrival, write_manifest


def test_a_month_arrives_on_the_third_of_the_next_and_the_corrections_late():
    at = lambda *a: dt.datetime(*a, 10, 0, tzinfo=ALMATY)  # noqa: E731
    assert arrival("ala-01_2025-01.csv") == at(2025, 2, 3)
    assert arrival("ast-02_2025-12.xlsx") == at(2026, 1, 3)  # December's: in the next year
    assert arrival("resent_ala-01_2025-04.xlsx") == at(2025, 5, 4)
    assert arrival("shy-01_2025-12_late-corrections.csv") == at(2026, 1, 20)  # after 5 January: late
    assert arrival("ast-02_2025-03_with-contacts.csv") == at(2025, 4, 3)
    assert arrival("registry_export.parquet") is None and arrival("notes.txt") is None


def test_only_the_samples_own_bytes_are_given_its_arrival(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("ala-01_2025-01.csv", "ala-01_2025-02.csv", "other.csv"):
        (inbox / name).write_text(f"{name}\n")
    assert write_manifest(inbox, tmp_path / "arrivals.csv") == 2  # other.csv is no sample file
    (inbox / "ala-01_2025-02.csv").write_text("an officer's own file under a sample's name\n")
    now = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.timezone.utc).timestamp()
    for p in inbox.iterdir():
        os.utime(p, (now, now))
    assert apply_manifest(inbox, tmp_path / "arrivals.csv") == 1
    assert os.stat(inbox / "ala-01_2025-01.csv").st_mtime == dt.datetime(2025, 2, 3, 5, 0,
                                                                         tzinfo=dt.timezone.utc).timestamp()
    assert os.stat(inbox / "ala-01_2025-02.csv").st_mtime == now and os.stat(inbox / "other.csv").st_mtime == now


def test_the_manifest_holds_every_bundled_sample_file():
    # the checkout's files, each as recorded (a regenerated sample rewrites the manifest: sample_files)
    from pipelines.lib import sample_arrivals

    names = sorted(p.name for p in sample_arrivals.INBOX.iterdir())
    assert len(names) == 39 and apply_manifest() == 39
