"""A lighter import of Great Expectations, for GX's worker process only.

GX imports at its own import three packages our suite's expectations never use: scipy (~0.8 s, for
statistical expectations), altair (~0.2 s, for rendering) and its optional sqlalchemy (~0.3 s). The
worker's import of GX was ~3 s (1.8 s without them), and an incremental run's GX check waits for it:
an incremental run's ingest is over in about a second.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

LAZY_PACKAGES = ("scipy", "altair")  # run at their first use, as Python's LazyLoader does
ABSENT_PACKAGES = ("sqlalchemy",)  # as when GX is installed without its SQL extra, which it supports


class _LazyFinder(importlib.abc.MetaPathFinder):
    """Finds the modules of ``LAZY_PACKAGES`` as the path finder does, but defers running them to the
    first use of one of their attributes. The worker has one thread, which LazyLoader needs before
    Python 3.12; extension modules are left to load as they do (LazyLoader cannot defer them)."""

    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if name.partition(".")[0] not in LAZY_PACKAGES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


def defer_unused_imports() -> None:
    """Before GX is imported, in GX's worker: never in the run's process, whose Dagster storage needs
    sqlalchemy. A suite that used scipy would still work (loaded then); one needing SQL would not."""
    for name in ABSENT_PACKAGES:
        sys.modules[name] = None  # Python's documented way to make ``import name`` fail
    sys.meta_path.insert(0, _LazyFinder())
