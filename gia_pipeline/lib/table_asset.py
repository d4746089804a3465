"""How every warehouse table becomes a Dagster asset: its checks run inside the step that builds it.

One table, one step — the decorator for tables built in Python:

    @table_asset(key=("staging", "x"), description="…", kinds={"duckdb", "python"}, deps=[…])
    def x(context, warehouse: Warehouse) -> dict:
        ...build staging.x...
        return describe_table(conn, "staging.x")        # the materialization's metadata

Many tables, one step — `tables_asset(name, [Table(...), ...])`, what dagster-dbt does for a dbt
project: every SQL model of a layer is its own asset (own materialization, metadata and checks)
but the layer runs as one step, its tables built in dependency order. Orchestration costs per
step (events, data-version lookups), not per table.

Either way the asset sits in the table's layer group (owner, kinds, description) and in the pool
`warehouse` (one warehouse run at a time), and its check specs are the tables' declared GX
expectations (`dbt_like_sql/<layer>/expectations.yaml`, or `declared=` for the raw contracts). A
table's checks run in the same step right after it is built, after its columns are checked
against their documentation and written as comments (lib/column_docs.py). The asset can be subset, so the UI
can run any table alone, or its checks alone without rebuilding it. A failing blocking check stops
every table downstream of it: inside the step, the tables that read it are not built; Dagster
then fails the step, which stops the steps downstream and rolls the run back.
"""

import inspect
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import dagster as dg

from gia_pipeline.lib import column_docs, expectations, gx_checks, layers
from gia_pipeline.lib.column_docs import ColumnDocs
from gia_pipeline.lib.expectations import DeclaredExpectation
from gia_pipeline.lib.resources import POOL

#: metadata key with the seconds spent building the table (the checks not included)
BUILD_SECONDS = "build_seconds"
#: asset metadata listing the columns a Python-built table declares (SQL models' are derived)
COLUMNS_METADATA = "gia/columns"


@dataclass(frozen=True)
class Table:
    """One warehouse table of a step: what the UI shows about it and how it is built.
    `build(context, **resources) -> metadata`; the resources are named by its parameters."""

    key: tuple[str, str]
    description: str
    kinds: frozenset[str]
    build: Callable[..., dict]
    deps: tuple[dg.AssetKey, ...] = ()
    metadata: dict = field(default_factory=dict, hash=False)
    automation_condition: dg.AutomationCondition | None = None
    declared: tuple[DeclaredExpectation, ...] | None = None   # None: the layer's expectations.yaml
    columns: tuple[str, ...] | None = None    # the columns a Python build declares (None: a SQL model)
    docs: ColumnDocs | None = None            # None: the layer's columns.yaml

    @property
    def asset_key(self) -> dg.AssetKey:
        return dg.AssetKey(list(self.key))

    @property
    def resource_keys(self) -> list[str]:
        return [p for p in inspect.signature(self.build).parameters if p != "context"]

    @property
    def column_docs(self) -> ColumnDocs:
        return self.docs if self.docs is not None else column_docs.for_table(*self.key)

    @property
    def spec_metadata(self) -> dict:
        if self.columns is None:
            return self.metadata
        return {**self.metadata, COLUMNS_METADATA: dg.MetadataValue.json(list(self.columns))}

    def checks(self) -> gx_checks.TableChecks:
        layer, table = self.key
        return gx_checks.TableChecks(self.asset_key, tuple(
            expectations.declared_for(layer, table) if self.declared is None else self.declared))


def tables_asset(name: str, tables: Sequence[Table]) -> dg.AssetsDefinition:
    """One subsettable step that builds `tables` (given in dependency order) and runs their checks."""
    checks = {t.asset_key: t.checks() for t in tables}
    for t in tables:     # a Python build's declared columns against their documentation, at load
        if t.columns is not None:
            t.column_docs.check(".".join(t.key), list(t.columns))
    resource_keys = sorted({k for t in tables for k in t.resource_keys})

    @dg.multi_asset(
        name=name,
        specs=[dg.AssetSpec(t.asset_key, deps=list(t.deps), group_name=t.key[0], kinds=set(t.kinds),
                            description=t.description, owners=[layers.OWNER], metadata=t.spec_metadata,
                            automation_condition=t.automation_condition, skippable=len(tables) > 1)
               for t in tables],
        check_specs=[spec for c in checks.values() for spec in c.specs],
        can_subset=True,
        pool=POOL,
        required_resource_keys={"warehouse", *resource_keys},
    )
    def _step(context: dg.AssetExecutionContext):
        warehouse = context.resources.warehouse
        blocked: set[dg.AssetKey] = set()    # failed a blocking check, or reads one that did
        for table in tables:
            key = table.asset_key
            if key in context.selected_asset_keys:
                stopped_by = sorted(d.to_user_string() for d in table.deps if d in blocked)
                if stopped_by:
                    blocked.add(key)
                    context.log.warning(f"{key.to_user_string()} not built: it reads {', '.join(stopped_by)}, "
                                        "which failed a blocking check")
                    continue
                started = time.perf_counter()
                result = table.build(context, **{k: getattr(context.resources, k) for k in table.resource_keys})
                with warehouse.get_connection() as conn:
                    try:
                        column_docs.apply(conn, ".".join(table.key), table.column_docs, result, table.description)
                    except column_docs.ColumnDocsError as e:
                        raise dg.Failure(description=str(e)) from e
                result[BUILD_SECONDS] = dg.MetadataValue.float(round(time.perf_counter() - started, 4))
                # on the materialization only: metadata given to the result is stored twice, also
                # on the run's step-output event (a quarter of a refresh's event bytes)
                context.add_asset_metadata(result, asset_key=key)
                yield dg.MaterializeResult(asset_key=key)
            for check in checks[key].evaluate(context, warehouse):
                if not check.passed and checks[key].is_blocking(check.check_name):
                    blocked.add(key)
                yield check

    return _step


def table_asset(*, key: Sequence[str], description: str, kinds: set[str], deps: Iterable = (),
                metadata: dict | None = None, automation_condition: dg.AutomationCondition | None = None,
                declared: Sequence[DeclaredExpectation] | None = None, columns: Sequence[str] | None = None,
                docs: ColumnDocs | None = None) -> Callable[[Callable], dg.AssetsDefinition]:
    """One table built in Python, in a step of its own."""
    def decorate(build: Callable[..., dict]) -> dg.AssetsDefinition:
        table = Table(key=tuple(key), description=description, kinds=frozenset(kinds), build=build,
                      deps=tuple(deps), metadata=metadata or {}, automation_condition=automation_condition,
                      declared=None if declared is None else tuple(declared),
                      columns=None if columns is None else tuple(columns), docs=docs)
        return tables_asset("__".join(key), [table])

    return decorate
