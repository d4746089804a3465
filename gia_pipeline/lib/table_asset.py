"""The decorator every warehouse table's asset is built with: one table, one step, its checks inside.

    @table_asset(key=("staging", "x"), description="…", kinds={"duckdb", "python"}, deps=[…])
    def x(context, warehouse: Warehouse) -> dict:
        ...build staging.x...
        return describe_table(conn, "staging.x")        # the materialization's metadata

The function builds the table and returns the materialization's metadata; its other parameters
name the resources it needs. The decorator makes it a Dagster asset in the table's layer group
(owner, kinds, description, pool `warehouse`: one warehouse run at a time) whose check specs are the table's declared GX
expectations (`dbt_like_sql/<layer>/expectations.yaml`, or `declared=` for the raw contracts).
The checks run in the same step right after the table is built: a separate check step per table
would cost a step's orchestration (events, data-version lookups) for each of them. Because the
asset can be subset, the UI can still run a table's checks alone, without rebuilding it, and a
failing blocking check still stops everything downstream (it fails the step).
"""

import inspect
import time
from collections.abc import Callable, Iterable, Sequence

import dagster as dg

from gia_pipeline.lib import expectations, gx_checks, layers
from gia_pipeline.lib.expectations import DeclaredExpectation
from gia_pipeline.lib.resources import POOL

#: metadata key with the seconds spent building the table (the checks not included)
BUILD_SECONDS = "build_seconds"


def table_asset(*, key: Sequence[str], description: str, kinds: set[str], deps: Iterable = (),
                metadata: dict | None = None, automation_condition: dg.AutomationCondition | None = None,
                declared: Sequence[DeclaredExpectation] | None = None) -> Callable[[Callable], dg.AssetsDefinition]:
    asset_key = dg.AssetKey(list(key))
    layer, table = asset_key.path
    checks = gx_checks.TableChecks(asset_key, tuple(
        expectations.declared_for(layer, table) if declared is None else declared))

    def decorate(build: Callable[..., dict]) -> dg.AssetsDefinition:
        resource_keys = [p for p in inspect.signature(build).parameters if p != "context"]

        @dg.multi_asset(
            name=f"{layer}__{table}",
            specs=[dg.AssetSpec(asset_key, deps=list(deps), group_name=layer, kinds=kinds, description=description,
                                owners=[layers.OWNER], metadata=metadata or {},
                                automation_condition=automation_condition)],
            check_specs=checks.specs,
            can_subset=True,
            pool=POOL,
            required_resource_keys={"warehouse", *resource_keys},
        )
        def _table(context: dg.AssetExecutionContext):
            if checks.declared:
                gx_checks.prefetch()   # import GX in the background while the table is built
            if asset_key in context.selected_asset_keys:
                started = time.perf_counter()
                result = build(context, **{k: getattr(context.resources, k) for k in resource_keys})
                result[BUILD_SECONDS] = dg.MetadataValue.float(round(time.perf_counter() - started, 4))
                yield dg.MaterializeResult(asset_key=asset_key, metadata=result)
            yield from checks.evaluate(context, context.resources.warehouse)

        return _table

    return decorate
