"""Benchmark of the README's refresh at 1x to 1000x data, against two floors and dbt-duckdb.

    .venv/bin/python benchmarks/run.py                       # scales 1 10 100 1000, 3 repeats
    .venv/bin/python benchmarks/run.py --scales 1 10 --repeat 5

For each scale the raw data is generated once (python -m gia_rawgen --scale k) into
benchmarks/.work/, and converted once to the native floor's UTF-8 CSV (not timed). Then, on this
machine and in this one run, after one refresh that is not timed (the instance and the caches
in .cache/ exist, as for anyone who refreshes again: the charts of unchanged figures are kept),
`--repeat` rounds, each measuring in turn:
  refresh   `bash scripts/refresh.sh` itself — the README's command: every asset and check, raw files
            to report, warm virtualenv, a persistent instance (its own DAGSTER_HOME under .work) —
            wall time and peak RSS of the process; per-step times read afterwards from its event log;
  floor     the same reader and staging/mart SQL in one DuckDB connection (benchmarks/floor.py);
  native    the native floor: the same raw tables as UTF-8 CSV read by DuckDB's own reader, the same
            SQL, one connection (benchmarks/native_floor.py) — the physical limit of this design;
  dbt       `dbt run` of the same models with dbt-duckdb, installed only into the benchmark's own
            virtualenv (benchmarks/.work/dbt-venv), the project converted by benchmarks/dbt_project.py;
  orchestration (×1 only) the graph with no-op assets and checks as a whole process
            (benchmarks/orchestration_floor.py): what refresh.sh pays before any work.
At ×1000 one more refresh and native floor run with a low DuckDB memory_limit (`--low-memory`):
what the 1 GB peak-RSS target would cost. Ratios are medians of the per-round ratios (each
round's measurements ran back to back). Plus fixed costs: definitions load, GX import, the
no-op graph's run alone, webserver start. Results of the scales measured are merged into
benchmarks/results.json (other scales keep their earlier, dated results); writes
benchmarks/results.md and benchmarks/scaling.svg and prints whether each target holds. Timing is
measured here, never asserted in tests.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
PY = sys.executable
DBT_VENV = WORK / "dbt-venv"
DBT_REQUIREMENTS = ["dbt-core>=1.10,<1.11", "dbt-duckdb>=1.10,<1.11", "duckdb==2.0.1"]
#: the raw steps at ×1000 before the vectorised reader (results.md of the run before it:
#: raw__attendance_lists 36.45 s + raw__survey_export 11.36 s; the register's step was not among
#: the five slowest, so it is left out, which only makes the target harder)
RAW_STEPS_BEFORE_X1000 = 36.45 + 11.36


def timed(cmd, env=None, cwd=ROOT) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB, stdout) of a child process (RSS from wait4's rusage)."""
    import tempfile

    with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:   # files: no pipe can fill up
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out_f, stderr=err_f)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out_f.seek(0)
        err_f.seek(0)
        out, err = out_f.read().decode(errors="replace"), err_f.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({proc.returncode}):\n{err[-3000:]}\n{out[-2000:]}")
    return wall, usage.ru_maxrss / 1024, out


def last_json(text: str) -> dict:
    return json.loads([line for line in text.splitlines() if line.startswith("{")][-1])


def generate(scale: int) -> Path:
    raw = WORK / f"x{scale}" / "raw"
    stamp = raw / ".complete"
    if scale == 1:
        return ROOT / "data" / "raw"          # the shipped files: what the README's refresh reads
    if not stamp.exists():
        shutil.rmtree(raw, ignore_errors=True)
        print(f"  generating raw data at x{scale} …", flush=True)
        t = time.perf_counter()
        subprocess.run([PY, "-m", "gia_rawgen", "--scale", str(scale), "--out", str(raw)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        stamp.write_text(f"{time.perf_counter() - t:.1f} s\n")
    return raw


def dagster_home(home: Path) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "scripts" / "dagster.yaml", home / "dagster.yaml")   # the project's instance settings
    return home


def run_refresh(scale: int, raw: Path, env: dict | None = None) -> dict:
    """`bash scripts/refresh.sh` with the landing folder and outputs of this scale."""
    work = WORK / f"x{scale}" / "refresh"
    home = dagster_home(WORK / f"x{scale}" / "dagster_home")
    env = {**(env or os.environ), "DAGSTER_HOME": str(home), "GIA_RAW_DIR": str(raw),
           "GIA_WAREHOUSE_PATH": str(work / "warehouse" / "gia.duckdb"),
           "GIA_PUBLISHED_DIR": str(work / "published"), "GIA_REPORTS_DIR": str(work / "reports"),
           "GIA_PSEUDONYM_KEY": "benchmark"}
    wall, rss, out = timed(["bash", str(ROOT / "scripts" / "refresh.sh")], env=env)
    run_id = re.search(r"^Run ([0-9a-f-]{36})", out, re.MULTILINE).group(1)
    return {"wall": wall, "rss": rss, **step_times(home, run_id)}


def step_times(home: Path, run_id: str) -> dict:
    """From the run's event log: each step's time (start to success, its checks included), the raw
    steps' sum, and the SQL models' build time (the `build_seconds` of each SQL model's
    materialization: its CREATE TABLE, metadata and lineage, not its checks)."""
    code = f"""
import json, dagster as dg
from gia_pipeline.definitions import project_defs
from gia_pipeline.lib.project_checks import SQL_FILE_METADATA, asset_specs
from gia_pipeline.lib.table_asset import BUILD_SECONDS
sql_models = {{spec.key for spec in asset_specs(project_defs()) if SQL_FILE_METADATA in spec.metadata}}
with dg.DagsterInstance.from_config({str(home)!r}) as instance:
    at, sql = {{}}, 0.0
    for entry in instance.all_logs({run_id!r}):
        event = entry.dagster_event
        if event is None or not event.step_key:
            continue
        if event.event_type_value in ("STEP_START", "STEP_SUCCESS"):
            at.setdefault(event.step_key, {{}})[event.event_type_value] = entry.timestamp
        elif event.event_type_value == "ASSET_MATERIALIZATION":
            materialization = event.event_specific_data.materialization
            if materialization.asset_key in sql_models and BUILD_SECONDS in materialization.metadata:
                sql += materialization.metadata[BUILD_SECONDS].value
    steps = {{k: v["STEP_SUCCESS"] - v["STEP_START"] for k, v in at.items() if len(v) == 2}}
    print(json.dumps({{"steps": steps, "sql_models_s": sql}}))
"""
    info = last_json(subprocess.run([PY, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    steps = info["steps"]
    return {"n_steps": len(steps), "sql_models_s": info["sql_models_s"],
            "raw_steps_s": sum(v for k, v in steps.items() if k.startswith("raw__")),
            "slowest": sorted(steps.items(), key=lambda kv: -kv[1])[:5]}


def run_floor(scale: int, raw: Path) -> dict:
    db = WORK / f"x{scale}" / "floor.duckdb"
    wall, rss, out = timed([PY, str(HERE / "floor.py"), "--raw-dir", str(raw), "--db", str(db)])
    return {"wall": wall, "rss": rss, **last_json(out)}


def native_db(scale: int) -> Path:
    return WORK / f"x{scale}" / "native.duckdb"


def run_native(scale: int, raw: Path, env: dict | None = None) -> dict:
    wall, rss, out = timed([PY, str(HERE / "native_floor.py"), "--raw-dir", str(raw), "--db", str(native_db(scale))],
                           env=env)
    return {"wall": wall, "rss": rss, **last_json(out)}


def run_orchestration() -> dict:
    """The orchestration floor as a whole process (Python, Dagster, the definitions, the same graph
    with no-op assets and checks, run against a persistent instance): what refresh.sh pays before
    any work, measured beside it in each ×1 round."""
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home(WORK / "orchestration_home"))}
    wall, rss, out = timed([PY, str(HERE / "orchestration_floor.py")], env=env)
    return {"wall": wall, "rss": rss, **last_json(out)}


def ensure_dbt() -> Path:
    dbt = DBT_VENV / "bin" / "dbt"
    if not dbt.exists():
        print("  installing dbt-duckdb into the benchmark's own virtualenv …", flush=True)
        subprocess.run([PY, "-m", "venv", str(DBT_VENV)], check=True)
        subprocess.run([str(DBT_VENV / "bin" / "pip"), "install", "-q", *DBT_REQUIREMENTS], check=True)
    return dbt


def run_dbt(scale: int, raw: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    import duckdb

    from benchmarks.dbt_project import write_project
    from gia_pipeline.lib import paths
    from gia_pipeline.lib.resources import OFFLINE_CONFIG

    db = WORK / f"x{scale}" / "dbt.duckdb"
    # the tables the pipeline's Python assets make (reference, raw, municipality resolution) come
    # from a floor run into dbt's database (not timed); dbt then rebuilds every SQL model
    timed([PY, str(HERE / "floor.py"), "--raw-dir", str(raw), "--db", str(db)])
    with duckdb.connect(str(db), read_only=True, config=OFFLINE_CONFIG) as conn:
        external = {tuple(r) for r in conn.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()}
    sql_tables = {(p.parent.name, p.stem) for p in paths.SQL_DIR.glob("*/*.sql")}
    project = WORK / f"x{scale}" / "dbt_project"
    n = write_project(project, db, external - sql_tables)
    wall, rss, out = timed([str(ensure_dbt()), "run", "--project-dir", str(project), "--profiles-dir", str(project),
                            "--quiet"], env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})
    return {"wall": wall, "rss": rss, "models": n}


_GX_IMPORT = ("import time, dagster, duckdb, pandas, pyarrow; t = time.perf_counter(); "
              "import great_expectations; print(time.perf_counter() - t)")
#: GX as a refresh loads it: the checks' first call (modules GX imports for nothing deferred, and
#: the ephemeral context with its pandas data source)
_GX_LOADED = ("import time, dagster, duckdb, pandas, pyarrow; from gia_pipeline.lib import gx_checks; "
              "t = time.perf_counter(); gx_checks._gx_datasource(); print(time.perf_counter() - t)")


def fixed_costs(repeat: int) -> dict:
    loads = [timed([PY, "-c", "import gia_pipeline.definitions"])[0] for _ in range(5)]
    gx_imports = [float(timed([PY, "-c", _GX_IMPORT])[2]) for _ in range(repeat)]
    gx_loaded = [float(timed([PY, "-c", _GX_LOADED])[2].strip().splitlines()[-1]) for _ in range(repeat)]
    # the same graph with no-op assets and checks, through the same kind of instance
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home(WORK / "orchestration_home"))}
    noop = [last_json(timed([PY, str(HERE / "orchestration_floor.py")], env=env)[2]) for _ in range(repeat)]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home(WORK / "webserver_home"))}
    t = time.perf_counter()
    proc = subprocess.Popen([str(Path(PY).with_name("dagster-webserver")), "-h", "127.0.0.1", "-p", str(port),
                             "-w", str(ROOT / "workspace.yaml")], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ttfr = None
    try:
        while time.perf_counter() - t < 120:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=1) as r:
                    if r.status == 200:
                        ttfr = time.perf_counter() - t
                        break
            except OSError:
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"definitions_load": summary(loads), "webserver_ttfr_s": ttfr, "gx_import": summary(gx_imports),
            "gx_loaded": summary(gx_loaded),
            "noop_run": summary([r["run_s"] for r in noop]), "noop_shape": (noop[0]["steps"], noop[0]["checks"])}


def summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-dbt", action="store_true")
    parser.add_argument("--low-memory", default="400MB", metavar="LIMIT",
                        help="at ×1000, one more refresh and native floor with this DuckDB memory_limit "
                             "(what the 1 GB peak-RSS target would cost); '' to skip")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    load = os.getloadavg()
    results = {}
    for scale in args.scales:
        print(f"x{scale}", flush=True)
        raw = generate(scale)
        timed([PY, str(HERE / "native_floor.py"), "--raw-dir", str(raw), "--db", str(native_db(scale)),
               "--convert-only"])
        run_refresh(scale, raw)    # not timed: the instance and the caches in .cache/ exist, as after any refresh
        rows = {"refresh": [], "floor": [], "native": [], "dbt": [], "orchestration": []}
        for i in range(args.repeat):
            rows["refresh"].append(run_refresh(scale, raw))
            if scale == 1:
                rows["orchestration"].append(run_orchestration())
            rows["floor"].append(run_floor(scale, raw))
            rows["native"].append(run_native(scale, raw))
            if not args.no_dbt:
                rows["dbt"].append(run_dbt(scale, raw))
            p, f, n = rows["refresh"][-1], rows["floor"][-1], rows["native"][-1]
            d = rows["dbt"][-1]["wall"] if rows["dbt"] else float("nan")
            print(f"  round {i + 1}: refresh.sh {p['wall']:.1f}s (raw steps {p['raw_steps_s']:.1f}s, SQL models "
                  f"{p['sql_models_s']:.1f}s, {p['rss']:.0f} MiB)  floor {f['wall']:.1f}s  native {n['wall']:.1f}s  "
                  f"dbt {d:.1f}s", flush=True)
        if scale == 1000 and args.low_memory:
            env = {**os.environ, "GIA_DUCKDB_MEMORY_LIMIT": args.low_memory}
            rows["low_memory"] = {"limit": args.low_memory, "refresh": run_refresh(scale, raw, env),
                                  "native": run_native(scale, raw, env)}
            print(f"  at {args.low_memory}: refresh.sh {rows['low_memory']['refresh']['wall']:.1f}s "
                  f"({rows['low_memory']['refresh']['rss']:.0f} MiB)  native {rows['low_memory']['native']['wall']:.1f}s",
                  flush=True)
        results[scale] = {"rows": rows, "measured": time.strftime("%Y-%m-%d %H:%M"), "memory_limit": _memory_limit()}
    fixed = fixed_costs(args.repeat)
    report(_merged(results), fixed, (load, os.getloadavg()))


def _memory_limit() -> str:
    from gia_pipeline.lib.resources import duckdb_memory_limit
    return duckdb_memory_limit()


def _merged(results: dict) -> dict:
    """This run's scales, plus the other scales of earlier runs (benchmarks/results.json): a run
    of `--scales 1000` keeps the ×1–×100 sections, each dated."""
    stored = HERE / "results.json"
    merged = {int(k): v for k, v in json.loads(stored.read_text()).items()} if stored.exists() else {}
    merged.update(results)
    merged = dict(sorted(merged.items()))
    stored.write_text(json.dumps({str(k): v for k, v in merged.items()}, indent=1) + "\n")
    return merged


def _ratio(rows: dict, a: str, b: str) -> float:
    """Median of the per-round ratios a/b (each round's measurements ran back to back)."""
    return statistics.median(x["wall"] / y["wall"] for x, y in zip(rows[a], rows[b]))


def report(results: dict, fixed: dict, loads: tuple) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fmt = lambda s: f"{s[0]:.2f} s ({s[1]:.2f}–{s[2]:.2f})"  # noqa: E731
    lines = ["# Benchmark: the README's refresh against two floors and dbt-duckdb", "",
             f"Measured by `benchmarks/run.py` on {os.cpu_count()} cores (load average "
             f"{loads[0][0]:.2f} at the start, {loads[1][0]:.2f} at the end); median of each measurement with "
             "(min–max); ratios are medians of the per-round ratios. Generated by the script; do not edit by hand.",
             "", "- **refresh**: `bash scripts/refresh.sh`, the README's command (warm virtualenv, persistent "
             "instance), wall time of the whole process;",
             "- **floor**: `benchmarks/floor.py`, the same reader and SQL in one DuckDB connection, no Dagster, no "
             "checks, no report;",
             "- **native floor**: `benchmarks/native_floor.py`, the same raw tables as UTF-8 CSV (converted "
             "beforehand, not timed) read by DuckDB's own reader, then the same SQL in one connection: the "
             "physical limit of this design;",
             "- **dbt run**: dbt-duckdb running the same SQL models;",
             "- **orchestration floor** (×1): `benchmarks/orchestration_floor.py` as a whole process: Python, "
             "Dagster, the definitions and the same graph with every asset and check a no-op, run against a "
             "persistent instance: what refresh.sh pays before any work.", "",
             "All give DuckDB the same memory_limit, stated per scale (the warehouse's, "
             "`GIA_DUCKDB_MEMORY_LIMIT`); beyond it DuckDB spills to disk. Peak RSS is the largest process's "
             "(wait4's rusage). A run of some scales keeps the others' earlier results (`results.json`).", ""]
    targets, medians = [], {}
    for scale, entry in results.items():
        rows = entry["rows"]
        timed_rows = {k: v for k, v in rows.items() if isinstance(v, list) and v}
        walls = {k: summary([r["wall"] for r in v]) for k, v in timed_rows.items()}
        rss = {k: summary([r["rss"] for r in v]) for k, v in timed_rows.items()}
        sql = summary([r["sql_models_s"] for r in rows["refresh"]])
        raw_steps = summary([r["raw_steps_s"] for r in rows["refresh"]])
        to_native, to_floor = _ratio(rows, "refresh", "native"), _ratio(rows, "refresh", "floor")
        medians[scale] = {k: v[0] for k, v in walls.items()}
        lines += [f"## ×{scale}", "", f"Measured {entry['measured']}, DuckDB memory_limit {entry['memory_limit']}.", "",
                  "| | wall | refresh ÷ it | peak RSS |", "|---|---|---|---|",
                  f"| refresh (`scripts/refresh.sh`: all assets and checks) | {fmt(walls['refresh'])} | 1.00 | "
                  f"{rss['refresh'][0]:.0f} MiB |",
                  f"| floor (`floor.py`) | {fmt(walls['floor'])} | {to_floor:.2f} | {rss['floor'][0]:.0f} MiB |",
                  f"| native floor (`native_floor.py`) | {fmt(walls['native'])} | {to_native:.2f} | "
                  f"{rss['native'][0]:.0f} MiB |"]
        if "dbt" in walls:
            lines.append(f"| dbt run (dbt-duckdb, same models) | {fmt(walls['dbt'])} | {_ratio(rows, 'refresh', 'dbt'):.2f} | |")
        if "orchestration" in walls:
            lines.append(f"| orchestration floor (`orchestration_floor.py`, whole process) | {fmt(walls['orchestration'])} | "
                         f"{_ratio(rows, 'refresh', 'orchestration'):.2f} | {rss['orchestration'][0]:.0f} MiB |")
        slow = rows["refresh"][-1]["slowest"]
        lines += ["", f"Inside the refresh: raw steps {fmt(raw_steps)}; SQL models (their builds, checks "
                  f"not included) {fmt(sql)}; {rows['refresh'][-1]['n_steps']} steps. Slowest steps (last round): "
                  + ", ".join(f"{k} {v:.2f} s" for k, v in slow), ""]
        if "dbt" in walls:
            targets.append((f"×{scale}: SQL models faster than `dbt run`", sql[0] < walls["dbt"][0],
                            f"{sql[0]:.2f} s vs {walls['dbt'][0]:.2f} s"))
        if scale == 1:
            targets.append(("×1: `scripts/refresh.sh` ≤ 2.0 × the floor", to_floor <= 2.0,
                            f"{walls['refresh'][0]:.2f} s vs floor {walls['floor'][0]:.2f} s ({to_floor:.2f}×)"))
        if scale == 1 and "orchestration" in walls:
            above = statistics.median((r["wall"] - o["wall"]) / f["wall"]
                                      for r, o, f in zip(rows["refresh"], rows["orchestration"], rows["floor"]))
            targets.append(("×1: what refresh.sh costs above the orchestration floor ≤ 2.0 × the floor", above <= 2.0,
                            f"{walls['refresh'][0] - walls['orchestration'][0]:.2f} s above "
                            f"{walls['orchestration'][0]:.2f} s vs floor {walls['floor'][0]:.2f} s ({above:.2f}×)"))
        low = rows.get("low_memory")
        if low:
            lines += [f"At ×{scale} with DuckDB's memory_limit {low['limit']} (one round, for the peak-RSS target): "
                      f"refresh {low['refresh']['wall']:.1f} s, peak RSS {low['refresh']['rss']:.0f} MiB; native floor "
                      f"{low['native']['wall']:.1f} s, {low['native']['rss']:.0f} MiB.", ""]
        if scale == 1000:
            targets.append(("×1000: full refresh ≤ 1.5 × the native floor", to_native <= 1.5,
                            f"{walls['refresh'][0]:.1f} s vs native floor {walls['native'][0]:.1f} s ({to_native:.2f}×)"))
            targets.append(("×1000: peak RSS ≤ 1 GB", rss["refresh"][0] <= 1024, f"{rss['refresh'][0]:.0f} MiB"))
            targets.append(("×1000: raw steps ≥ 10× faster than before the vectorised reader",
                            raw_steps[0] * 10 <= RAW_STEPS_BEFORE_X1000,
                            f"{raw_steps[0]:.1f} s vs {RAW_STEPS_BEFORE_X1000:.1f} s "
                            f"({RAW_STEPS_BEFORE_X1000 / raw_steps[0]:.1f}× faster)"))
    if 100 in medians and 1000 in medians:
        growth = medians[1000]["refresh"] / medians[100]["refresh"]
        targets.append(("cost growth ×100 → ×1000 ≤ 10×", growth <= 10, f"{growth:.2f}× for 10× data"))
    lines += ["## Fixed costs", "",
              f"- definitions load (`import gia_pipeline.definitions`, new process): {fmt(fixed['definitions_load'])}",
              f"- importing Great Expectations (after Dagster, DuckDB, pandas, pyarrow): {fmt(fixed['gx_import'])}",
              f"- Great Expectations as a refresh loads it (the checks' first call: scipy.stats and altair "
              f"deferred, plus GX's ephemeral context): {fmt(fixed['gx_loaded'])}",
              f"- orchestration alone (`orchestration_floor.py`: the same {fixed['noop_shape'][0]} steps and "
              f"{fixed['noop_shape'][1]} checks as no-ops, same instance settings, run only): {fmt(fixed['noop_run'])}",
              f"- webserver time to first response (`/server_info`): {fixed['webserver_ttfr_s'] or float('nan'):.2f} s",
              "", "## Targets", "", "| target | holds | measured |", "|---|---|---|",
              *(f"| {name} | {'yes' if ok else '**no**'} | {detail} |" for name, ok, detail in targets), ""]
    (HERE / "results.md").write_text("\n".join(lines) + "\n")

    fig, ax = plt.subplots(figsize=(7, 4.5))
    scales = list(medians)
    for key, label in (("refresh", "scripts/refresh.sh"), ("floor", "floor"), ("native", "native floor"),
                       ("dbt", "dbt run")):
        if all(key in medians[s] for s in scales):
            ax.plot(scales, [medians[s][key] for s in scales], marker="o", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("data scale (×)")
    ax.set_ylabel("wall time (s)")
    ax.set_title("GIA pipeline: wall time against data scale")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(HERE / "scaling.svg", metadata={"Date": None})
    for name, ok, detail in targets:
        print(f"{'HOLDS ' if ok else 'FAILS '} {name}: {detail}")


if __name__ == "__main__":
    main()
