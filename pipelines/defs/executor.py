"""How a run executes its steps: one after another in the run's own process.

The steps share one DuckDB writer and run in sequence anyway; a process per step cost each of them
3-5 s of start-up (Dagster, DuckDB, pandas imported again), over a minute per run at any size.
"""

import dagster as dg


@dg.definitions
def executor() -> dg.Definitions:
    return dg.Definitions(executor=dg.in_process_executor)
