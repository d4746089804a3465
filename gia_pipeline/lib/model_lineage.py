"""Column lineage of every SQL model of the project, read for the report: which upstream columns
each column of each model is computed from (lib/column_lineage.py, cached in the project's cache
folder by the SQL steps that computed it), and which tables each model reads."""

from dataclasses import dataclass, field
from pathlib import Path

from gia_pipeline.lib import column_lineage, layers, paths
from gia_pipeline.lib.sql_models import load_layer

Source = tuple[str, str, str]   # (schema, table, column)


@dataclass(frozen=True)
class ModelLineage:
    deps: tuple[str, ...]                                          # the tables the model reads
    columns: dict[str, list[Source]] = field(default_factory=dict, hash=False)


def project_lineage(conn, cache_file: Path | None = None) -> dict[str, ModelLineage]:
    """`schema.table` -> its lineage, for every SQL model whose table exists in `conn`."""
    found: dict[str, ModelLineage] = {}
    tables = column_lineage.table_columns(conn)
    existing = {f"{s}.{t}" for s, t in tables}        # lower case, as a model's deps are
    for layer in layers.SCHEMAS:
        folder = paths.SQL_DIR / layer
        if not folder.is_dir():
            continue
        for model in load_layer(folder, layer):
            if model.table.lower() not in existing or any(".".join(d) not in existing for d in model.deps):
                continue
            columns = list(tables[(layer, model.name.lower())])
            try:
                traced = column_lineage.compute(conn, model, columns, cache_file, tables)
            except Exception:   # lineage is documentation: a model sqlglot cannot trace shows its tables only
                traced = {}
            found[model.table] = ModelLineage(tuple(".".join(d) for d in model.deps),
                                              {c: [tuple(s) for s in srcs] for c, srcs in traced.items()})
    return found
