"""The project's one `Definitions` object — what `dg`, `dagster dev` and the scripts load.

The assets, checks, jobs, schedules and sensors come from the defs folder (`gia_pipeline/defs/`:
one folder per layer, YAML instances of the components in `gia_pipeline/components/`, and the
automation modules); this module adds what every run shares — the resources and the in-process
executor (DuckDB allows one writer; on 2 cores a process per step costs more than the work) — and
checks the project as a whole (every table a model reads is built by some asset).
"""

from functools import cache

import dagster as dg

from gia_pipeline.lib import gc_tuning, paths
from gia_pipeline.lib.project_checks import check_project
from gia_pipeline.lib.resources import Outputs, SourceFiles, Warehouse


@cache
def project_defs() -> dg.Definitions:
    """The defs folder, loaded and checked once per process."""
    defs = dg.load_from_defs_folder(path_within_project=paths.PROJECT_ROOT)
    check_project(defs)
    return defs


def build_definitions(warehouse: Warehouse | None = None, source_files: SourceFiles | None = None,
                      outputs: Outputs | None = None) -> dg.Definitions:
    """The project's definitions; tests pass their own warehouse, source and output folders."""
    return dg.Definitions.merge(project_defs(), dg.Definitions(
        resources={"warehouse": warehouse or Warehouse(), "source_files": source_files or SourceFiles(),
                   "outputs": outputs or Outputs()},
        executor=dg.in_process_executor,
    ))


defs = build_definitions()
gc_tuning.apply()   # after the definitions are built: see gc_tuning.py
