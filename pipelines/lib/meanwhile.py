"""Modules a later step of a run needs, imported on a thread of their own while an earlier step's work runs
in DuckDB and Arrow (which hold no Python lock). Disclosure control's audits use SciPy's optimisers, whose
import takes ~0.35-0.45 s here: paid in the report step, it was on the path of every full run."""

from __future__ import annotations

import importlib
import threading


def import_meanwhile(module: str) -> threading.Thread:
    """Start importing ``module`` on a daemon thread. The step that needs it imports it as usual: Python's
    per-module import locks make it wait for this import or find the module loaded. Should this import
    fail, the module is not kept, so the step's own import fails again there, with its traceback."""
    thread = threading.Thread(target=importlib.import_module, args=(module,), name=f"import {module}",
                              daemon=True)
    thread.start()
    return thread
