"""Benchmark of the whole pipeline at 1x to 1000x data, against the bare-DuckDB floor and dbt-duckdb.

    .venv/bin/python benchmarks/run.py                       # scales 1 10 100 1000, 3 repeats
    .venv/bin/python benchmarks/run.py --scales 1 10 --repeat 5

For each scale the raw data is generated once (python -m gia_rawgen --scale k) into
benchmarks/.work/. Then, on this machine and in this one run, each measured `--repeat` times:
  pipeline  a full refresh (all assets and checks, raw files to report) through Dagster, in-process,
            against a persistent Dagster instance — wall time and peak RSS of the process;
  floor     the same raw reading and staging/mart SQL in one DuckDB connection (benchmarks/floor.py);
  dbt       `dbt run` of the same models with dbt-duckdb, installed only into the benchmark's own
            virtualenv (benchmarks/.work/dbt-venv), the project converted by benchmarks/dbt_project.py.
Plus fixed costs: definitions load time, webserver time to first response, orchestration overhead
per asset. Writes benchmarks/results.md and benchmarks/scaling.svg and prints whether each target
holds. Timing is measured here, never asserted in tests.
"""

import argparse
import json
import os
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
    if not stamp.exists():
        shutil.rmtree(raw, ignore_errors=True)
        print(f"  generating raw data at x{scale} …", flush=True)
        t = time.perf_counter()
        subprocess.run([PY, "-m", "gia_rawgen", "--scale", str(scale), "--out", str(raw)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        stamp.write_text(f"{time.perf_counter() - t:.1f} s\n")
    return raw


def dagster_env(home: Path) -> dict:
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "scripts" / "dagster.yaml", home / "dagster.yaml")   # the project's instance settings
    return {**os.environ, "DAGSTER_HOME": str(home)}


def run_pipeline(scale: int, raw: Path) -> dict:
    work = WORK / f"x{scale}" / "pipeline"
    wall, rss, out = timed([PY, str(HERE / "pipeline_once.py"), "--raw-dir", str(raw), "--workdir", str(work)],
                           env=dagster_env(WORK / f"x{scale}" / "dagster_home"))
    info = last_json(out)
    if not info["success"]:
        raise RuntimeError(f"pipeline run failed at x{scale}")
    return {"wall": wall, "rss": rss, **info}


def run_floor(scale: int, raw: Path) -> dict:
    db = WORK / f"x{scale}" / "floor.duckdb"
    wall, rss, out = timed([PY, str(HERE / "floor.py"), "--raw-dir", str(raw), "--db", str(db)])
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
    from gia_pipeline.lib.resources import OFFLINE_CONFIG

    db = WORK / f"x{scale}" / "dbt.duckdb"
    # the tables the pipeline's Python assets make (reference, raw, municipality resolution) come
    # from a floor run into dbt's database (not timed); dbt then rebuilds every SQL model
    timed([PY, str(HERE / "floor.py"), "--raw-dir", str(raw), "--db", str(db)])
    with duckdb.connect(str(db), read_only=True, config=OFFLINE_CONFIG) as conn:
        external = {tuple(r) for r in conn.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()}
    from gia_pipeline import paths

    sql_tables = {(p.parent.name, p.stem) for p in paths.SQL_DIR.glob("*/*.sql")}
    python_tables = external - sql_tables
    project = WORK / f"x{scale}" / "dbt_project"
    n = write_project(project, db, python_tables)
    wall, rss, out = timed([str(ensure_dbt()), "run", "--project-dir", str(project), "--profiles-dir", str(project),
                            "--quiet"], env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})
    return {"wall": wall, "rss": rss, "models": n}


_GX_IMPORT = ("import time, dagster, duckdb, pandas, pyarrow; t = time.perf_counter(); "
              "import great_expectations; print(time.perf_counter() - t)")


def fixed_costs(repeat: int) -> dict:
    loads = [timed([PY, "-c", "import gia_pipeline.definitions"])[0] for _ in range(5)]
    gx_imports = [float(timed([PY, "-c", _GX_IMPORT])[2]) for _ in range(repeat)]
    # the same graph with no-op assets and checks, through the same kind of instance
    env = dagster_env(WORK / "orchestration_home")
    noop = [last_json(timed([PY, str(HERE / "orchestration_floor.py")], env=env)[2]) for _ in range(repeat)]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dagster_env(WORK / "webserver_home")
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
    return {"definitions_load_s": statistics.median(loads), "definitions_load_spread": (min(loads), max(loads)),
            "webserver_ttfr_s": ttfr, "gx_import": summary(gx_imports),
            "noop_run": summary([r["run_s"] for r in noop]), "noop_shape": (noop[0]["steps"], noop[0]["checks"])}


def summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-dbt", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    results = {}
    for scale in args.scales:
        print(f"x{scale}", flush=True)
        raw = generate(scale)
        rows = {"pipeline": [], "floor": [], "dbt": []}
        for i in range(args.repeat):
            rows["pipeline"].append(run_pipeline(scale, raw))
            rows["floor"].append(run_floor(scale, raw))
            if not args.no_dbt:
                rows["dbt"].append(run_dbt(scale, raw))
            p, f = rows["pipeline"][-1], rows["floor"][-1]
            d = rows["dbt"][-1]["wall"] if rows["dbt"] else float("nan")
            print(f"  run {i + 1}: pipeline {p['wall']:.1f}s (SQL models {p['sql_models_s']:.1f}s, "
                  f"checks {p['checks_s']:.1f}s, {p['rss']:.0f} MiB)  floor {f['wall']:.1f}s  dbt {d:.1f}s", flush=True)
        results[scale] = rows
    fixed = fixed_costs(args.repeat)
    report(results, fixed)


def report(results: dict, fixed: dict) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lines = ["# Benchmark: the pipeline against bare DuckDB and dbt-duckdb", "",
             f"Measured by `benchmarks/run.py` on {os.cpu_count()} cores; median of each measurement with "
             "(min–max). Generated by the script; do not edit by hand.", ""]
    targets = []
    n_assets = None
    medians = {}
    for scale, rows in results.items():
        p_wall = summary([r["wall"] for r in rows["pipeline"]])
        p_rss = summary([r["rss"] for r in rows["pipeline"]])
        p_sql = summary([r["sql_models_s"] for r in rows["pipeline"]])
        f_wall = summary([r["wall"] for r in rows["floor"]])
        f_rss = summary([r["rss"] for r in rows["floor"]])
        d_wall = summary([r["wall"] for r in rows["dbt"]]) if rows["dbt"] else None
        n_assets = rows["pipeline"][0]["steps"]
        medians[scale] = (p_wall[0], f_wall[0], d_wall[0] if d_wall else None, p_sql[0])
        fmt = lambda s: f"{s[0]:.2f} s ({s[1]:.2f}–{s[2]:.2f})"  # noqa: E731
        lines += [f"## ×{scale}", "", "| | wall | ratio to floor | ratio to dbt | peak RSS |", "|---|---|---|---|---|",
                  f"| pipeline (all assets and checks) | {fmt(p_wall)} | {p_wall[0] / f_wall[0]:.2f} | "
                  f"{(p_wall[0] / d_wall[0]) if d_wall else float('nan'):.2f} | {p_rss[0]:.0f} MiB |",
                  f"| pipeline: SQL-model steps only | {fmt(p_sql)} | | "
                  f"{(p_sql[0] / d_wall[0]) if d_wall else float('nan'):.2f} | |",
                  f"| floor (one DuckDB connection, same SQL) | {fmt(f_wall)} | 1.00 | | {f_rss[0]:.0f} MiB |"]
        if d_wall:
            lines.append(f"| dbt run (dbt-duckdb, same models) | {fmt(d_wall)} | {d_wall[0] / f_wall[0]:.2f} | 1.00 | |")
        slow = rows["pipeline"][-1]["slowest"]
        lines += ["", "Slowest pipeline steps (last run): " + ", ".join(f"{k} {v:.2f} s" for k, v in slow), ""]
        if d_wall:
            targets.append((f"×{scale}: pipeline SQL-model run faster than dbt run", p_sql[0] < d_wall[0],
                            f"{p_sql[0]:.2f} s vs {d_wall[0]:.2f} s"))
        if scale == 1:
            targets.append(("×1: full refresh with checks ≤ 10 s", p_wall[0] <= 10, f"{p_wall[0]:.2f} s"))
        if scale == 1000:
            targets.append(("×1000: pipeline ≤ 1.5 × floor", p_wall[0] <= 1.5 * f_wall[0],
                            f"{p_wall[0]:.1f} s vs floor {f_wall[0]:.1f} s ({p_wall[0] / f_wall[0]:.2f}×)"))
            targets.append(("×1000: peak RSS ≤ 2 GB", p_rss[0] <= 2048, f"{p_rss[0]:.0f} MiB"))
    if 100 in medians and 1000 in medians:
        growth = medians[1000][0] / medians[100][0]
        targets.append(("cost grows at most linearly from ×100 to ×1000", growth <= 10, f"{growth:.2f}× for 10× data"))
    overhead = {s: (m[0] - m[1]) / n_assets for s, m in medians.items()} if n_assets else {}
    lines += ["## Fixed costs", "",
              f"- definitions load (`import gia_pipeline.definitions`, new process): {fixed['definitions_load_s']:.2f} s "
              f"({fixed['definitions_load_spread'][0]:.2f}–{fixed['definitions_load_spread'][1]:.2f})",
              f"- webserver time to first response (`/server_info`): {fixed['webserver_ttfr_s'] or float('nan'):.2f} s",
              f"- orchestration overhead per step ((pipeline − floor) / {n_assets} steps): "
              + ", ".join(f"×{s}: {v * 1000:.0f} ms" for s, v in overhead.items()),
              f"- orchestration alone (`orchestration_floor.py`: the same {fixed['noop_shape'][0]} asset steps and "
              f"{fixed['noop_shape'][1]} checks as no-ops, same instance settings, run only): "
              f"{fixed['noop_run'][0]:.2f} s ({fixed['noop_run'][1]:.2f}–{fixed['noop_run'][2]:.2f})",
              f"- importing Great Expectations (after Dagster, DuckDB, pandas, pyarrow): "
              f"{fixed['gx_import'][0]:.2f} s ({fixed['gx_import'][1]:.2f}–{fixed['gx_import'][2]:.2f})", "",
              "## Targets", "", "| target | holds | measured |", "|---|---|---|",
              *(f"| {name} | {'yes' if ok else '**no**'} | {detail} |" for name, ok, detail in targets), ""]
    (HERE / "results.md").write_text("\n".join(lines) + "\n")

    fig, ax = plt.subplots(figsize=(7, 4.5))
    scales = list(medians)
    for i, label in enumerate(["pipeline", "floor", "dbt run"]):
        ys = [medians[s][i] for s in scales]
        if all(y is not None for y in ys):
            ax.plot(scales, ys, marker="o", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("data scale (×)")
    ax.set_ylabel("wall time (s)")
    ax.set_title("GIA pipeline: wall time against data scale")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(HERE / "scaling.svg", metadata={"Date": None})
    print("\n".join(lines[-(len(targets) + 2):]))
    for name, ok, detail in targets:
        print(f"{'HOLDS ' if ok else 'FAILS '} {name}: {detail}")


if __name__ == "__main__":
    main()
