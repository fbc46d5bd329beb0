"""The Migrant Health code location: everything under ``pipelines/defs`` is loaded."""

import functools
from pathlib import Path

import dagster as dg


@dg.definitions
def defs() -> dg.Definitions:
    return _loaded()


# Dagster's CLI builds a run's definitions six times in its process (once to load them, five times as it
# reconstructs the job for the run and its steps): once is enough, as nothing in them depends on when or
# where they are built (resources read the environment when a run uses them)
@functools.cache
def _loaded() -> dg.Definitions:
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
