"""Convert dbt_like_sql/ into a dbt project for dbt-duckdb, with ref()s and source()s derived
from the dependencies the pipeline infers (never listed by hand).

Tables produced by the pipeline's Python assets (reference files, raw sources, municipality
resolution) become dbt sources, loaded beforehand by benchmarks/floor.py --inputs-only plus the
resolution step; every SQL model becomes a dbt model materialised as a table in its layer's
schema."""

import re
import shutil
from pathlib import Path

from gia_pipeline.lib import layers, paths
from gia_pipeline.lib.resources import duckdb_memory_limit
from gia_pipeline.lib.sql_models import discover


def write_project(target: Path, db_path: Path, external: set[tuple[str, str]], threads: int = 2) -> int:
    shutil.rmtree(target, ignore_errors=True)
    (target / "models").mkdir(parents=True)
    (target / "macros").mkdir()
    models = discover(paths.SQL_DIR, layers.SCHEMAS, external)
    names = {m.key_path for m in models}
    (target / "dbt_project.yml").write_text(
        "name: gia\nversion: '1.0'\nconfig-version: 2\nprofile: gia\nmodel-paths: [models]\nmacro-paths: [macros]\n"
        "models:\n  gia:\n    +materialized: table\n")
    (target / "profiles.yml").write_text(
        f"gia:\n  target: bench\n  outputs:\n    bench:\n      type: duckdb\n      path: '{db_path}'\n"
        f"      threads: {threads}\n      settings:\n        autoinstall_known_extensions: false\n"
        f"        autoload_known_extensions: false\n        memory_limit: '{duckdb_memory_limit()}'\n")
    # models go to their layer's schema, as in the pipeline (not dbt's <target>_<schema>)
    (target / "macros" / "schema.sql").write_text(
        "{% macro generate_schema_name(custom_schema_name, node) -%}\n"
        "{{ custom_schema_name if custom_schema_name else target.schema }}\n{%- endmacro %}\n")
    sources: dict[str, set[str]] = {}
    for m in models:
        sql = m.sql
        for layer, table in m.deps:
            if (layer, table) in names:
                replacement = "{{ ref('%s') }}" % table
            else:
                replacement = "{{ source('%s', '%s') }}" % (layer, table)
                sources.setdefault(layer, set()).add(table)
            sql = re.sub(rf"(?<![\w.]){layer}\.{table}(?!\w)", replacement, sql)
        folder = target / "models" / m.layer
        folder.mkdir(exist_ok=True)
        (folder / f"{m.name}.sql").write_text("{{ config(schema='%s') }}\n%s\n" % (m.layer, sql))
    lines = ["version: 2", "sources:"]
    for layer, tables in sorted(sources.items()):
        lines += [f"  - name: {layer}", f"    schema: {layer}", "    tables:"]
        lines += [f"      - name: {t}" for t in sorted(tables)]
    (target / "models" / "sources.yml").write_text("\n".join(lines) + "\n")
    return len(models)
