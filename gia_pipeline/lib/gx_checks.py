"""The adapter from declared expectations to Dagster asset checks, run by Great Expectations 1.x.

Each table's expectations are check specs of the asset that builds the table (`TableChecks`,
attached by `table_asset`), so they run in the asset's own step: no extra step per table. The
checks read the columns the expectations need from DuckDB into pandas once (GX's SQL path on
DuckDB is broken, see STACK-NOTES), validate them as one GX suite and yield one
`AssetCheckResult` per declared expectation with GX's figures as metadata. A GX exception never
passes silently: it fails the check and its text is in the metadata.
"""

import itertools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import dagster as dg

from gia_pipeline.lib import deferred_imports
from gia_pipeline.lib.expectations import DeclaredExpectation
from gia_pipeline.lib.resources import Warehouse

_SAMPLE = 20
_RESULT_KEYS = ("element_count", "unexpected_count", "unexpected_percent", "missing_count", "observed_value")
#: GX's result format: BASIC carries every figure above and the sample of unexpected values; GX's
#: default, SUMMARY, also counts the unexpected values and lists their row indexes, which nothing
#: here shows (a third of GX's time in a ×1 refresh: 1.4 s → 0.9 s, the same metadata)
_RESULT_FORMAT = "BASIC"
_counter = itertools.count()
#: modules GX imports while it is imported that no check here uses (scipy.stats: distribution
#: and KL-divergence expectations; altair: GX's charts), imported when first used instead
_UNUSED_BY_CHECKS = ("scipy.stats", "altair")


_gx_lock = threading.Lock()
_validate_lock = threading.Lock()
_gx_state: tuple | None = None


def _gx_datasource():
    """GX and the batch definition every table is validated through: a process-wide ephemeral
    context with one pandas data source, imported when the first check runs. (Importing it in a
    background thread earlier gained nothing measurable on 2 cores: the import holds the GIL,
    and the run's own work waits for it to hand the GIL back; README, Performance.)"""
    global _gx_state
    with _gx_lock:
        if _gx_state is None:
            deferred_imports.defer(*_UNUSED_BY_CHECKS)
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            context = gx.get_context(mode="ephemeral")
            context.variables.progress_bars = ProgressBarsConfig(globally=False)
            # one data asset and batch definition for every table: the frame is a batch parameter.
            # Adding and deleting an asset per table costs ~30 ms each (GX serialises its config).
            batches = (context.data_sources.add_pandas("warehouse").add_dataframe_asset("frame")
                       .add_batch_definition_whole_dataframe("whole frame"))
            _gx_state = (gx, batches)
        return _gx_state


def _exception_messages(info) -> list[str]:
    """All exception messages in a GX `exception_info` (flat or keyed by metric)."""
    if not isinstance(info, dict):
        return []
    if info.get("raised_exception") or info.get("exception_message"):
        return [str(info.get("exception_message") or info.get("exception_traceback"))]
    return [m for v in info.values() for m in _exception_messages(v)]


def _json_safe(value):
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def validate_frame(frame, declared: list[DeclaredExpectation]) -> list[tuple[bool, dict]]:
    """Validate each expectation on a pandas frame: (passed, metadata) per expectation."""
    gx, batches = _gx_datasource()
    suite_name = f"{declared[0].layer}.{declared[0].table}.{next(_counter)}"
    with _validate_lock:   # one GX context per process: validations take turns
        batch = batches.get_batch(batch_parameters={"dataframe": frame})
        outcomes = []
        built = []
        for i, d in enumerate(declared):
            try:   # an unknown expectation or bad arguments fail that check alone
                built.append((d, getattr(gx.expectations, d.gx_class_name)(**d.kwargs, meta={"gia_check": i})))
            except Exception as e:
                built.append((d, e))
        valid = [e for _, e in built if not isinstance(e, Exception)]
        # one suite per table: GX computes shared metrics once. Its results come back in its own
        # order, so each is matched to its declaration by the index carried in `meta`.
        suite = gx.ExpectationSuite(name=suite_name, expectations=valid) if valid else None
        results = batch.validate(suite, result_format=_RESULT_FORMAT).results if suite else []
        by_index = {r.expectation_config.meta["gia_check"]: r for r in results}
        for i, (d, expectation) in enumerate(built):
            if isinstance(expectation, Exception):
                outcomes.append((False, {"exception": dg.MetadataValue.text(
                    f"{type(expectation).__name__}: {expectation}")}))
                continue
            result = by_index[i]
            figures = dict(result.result or {})
            meta = {k: _json_safe(figures[k]) for k in _RESULT_KEYS if k in figures}
            if d.personal:   # counts only: values of a personal column never leave the raw layer
                if not isinstance(meta.get("observed_value"), (int, float, type(None))):
                    meta["observed_value"] = "not shown: personal data"
                figures.pop("partial_unexpected_list", None)
            if isinstance(meta.get("observed_value"), (list, dict)):
                meta["observed_value"] = dg.MetadataValue.json(meta["observed_value"])
            if "partial_unexpected_list" in figures:
                meta["unexpected_sample"] = dg.MetadataValue.json(
                    _json_safe(figures["partial_unexpected_list"][:_SAMPLE]))
            errors = _exception_messages(result.exception_info)
            if errors:
                meta["exception"] = dg.MetadataValue.text("\n".join(errors))
            meta["expectation"] = dg.MetadataValue.json({d.gx_class_name: _json_safe(d.kwargs)})
            outcomes.append((bool(result.success) and not errors, meta))
        return outcomes


def _is_shape(d: DeclaredExpectation) -> bool:
    """Expectations on the table's columns (names, order, count), not on its rows."""
    return d.expectation.startswith("expect_table_column")


def _needed_columns(declared: list[DeclaredExpectation]) -> list[str]:
    """Columns the row-level expectations read, including those their row_condition names."""
    cols = []
    for d in declared:
        for key in ("column", "column_A", "column_B"):
            if key in d.kwargs:
                cols.append(d.kwargs[key])
        cols.extend(d.kwargs.get("column_list", []))
        cols.extend(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", d.kwargs.get("row_condition", "")))
    return list(dict.fromkeys(cols))


def _fetch(warehouse: Warehouse, table: str, columns: list[str] | None):
    """The needed columns that exist (GX itself reports a missing one), or with columns=None
    every column and no rows (enough for expectations on the table's shape)."""
    with warehouse.get_connection() as conn:
        if columns is None:
            return conn.execute(f"SELECT * FROM {table} LIMIT 0").df()
        existing = {r[0] for r in conn.execute(f"DESCRIBE {table}").fetchall()}
        select = ", ".join(f'"{c}"' for c in columns if c in existing) or "1 AS _row"
        return conn.execute(f"SELECT {select} FROM {table}").df()


@dataclass(frozen=True)
class TableChecks:
    """The declared expectations of one table as check specs of the asset that builds it. They
    run in that asset's step, right after the table is built (or alone, when only checks are
    selected): one GX suite for the row expectations, one for the shape expectations."""

    asset_key: dg.AssetKey
    declared: tuple[DeclaredExpectation, ...]

    @property
    def table(self) -> str:
        return ".".join(self.asset_key.path)

    @property
    def specs(self) -> list[dg.AssetCheckSpec]:
        return [dg.AssetCheckSpec(name=d.check_name, asset=self.asset_key, blocking=d.blocking,
                                  description=d.description) for d in self.declared]

    def is_blocking(self, check_name: str) -> bool:
        """Whether a failure of this check stops what is downstream (Dagster fails the step on a
        failed blocking check of severity error)."""
        return any(d.check_name == check_name and d.blocking and d.severity == "error" for d in self.declared)

    def evaluate(self, context: dg.AssetExecutionContext, warehouse: Warehouse) -> Iterator[dg.AssetCheckResult]:
        """One result per selected check of this table, in declaration order."""
        selected = [d for d in self.declared
                    if dg.AssetCheckKey(self.asset_key, d.check_name) in context.selected_asset_check_keys]
        if not selected:
            return
        shape = [d for d in selected if _is_shape(d)]
        rows = [d for d in selected if not _is_shape(d)]
        outcomes = {}
        if shape:
            outcomes.update(zip((d.check_name for d in shape),
                                validate_frame(_fetch(warehouse, self.table, None), shape)))
        if rows:
            frame = _fetch(warehouse, self.table, _needed_columns(rows))
            outcomes.update(zip((d.check_name for d in rows), validate_frame(frame, rows)))
        for d in selected:
            passed, meta = outcomes[d.check_name]
            yield dg.AssetCheckResult(
                asset_key=self.asset_key, check_name=d.check_name, passed=passed, metadata=meta,
                severity=dg.AssetCheckSeverity.ERROR if d.severity == "error" else dg.AssetCheckSeverity.WARN)
