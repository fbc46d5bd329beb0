"""A module imported on a thread of its own is the module the step imports later; a failed one fails there."""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.lib.meanwhile import import_meanwhile


def test_the_later_import_finds_the_module_loaded(tmp_path, monkeypatch):
    (tmp_path / "warmed_module.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    thread = import_meanwhile("warmed_module")
    assert thread.daemon
    thread.join(timeout=30)
    assert not thread.is_alive() and "warmed_module" in sys.modules
    assert importlib.import_module("warmed_module") is sys.modules["warmed_module"]
    monkeypatch.delitem(sys.modules, "warmed_module")


def test_a_failed_import_fails_again_where_the_step_imports_it(tmp_path, monkeypatch):
    (tmp_path / "broken_module.py").write_text("raise RuntimeError('broken on purpose')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr("threading.excepthook", lambda args: None)  # the thread's own report: not this test's
    import_meanwhile("broken_module").join(timeout=30)
    assert "broken_module" not in sys.modules
    with pytest.raises(RuntimeError, match="broken on purpose"):
        importlib.import_module("broken_module")


def test_disclosure_control_brings_scipy_with_it():
    # what the ingest step starts importing is what the report step would otherwise wait for
    code = ("import sys; from pipelines.lib.meanwhile import import_meanwhile;"
            "before = 'scipy.optimize' in sys.modules;"
            "import_meanwhile('pipelines.lib.disclosure').join();"
            "print(before, 'scipy.optimize' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout
    assert out.split() == ["False", "True"]
