"""`python -m gia_pipeline.cli dev` (scripts/dev.sh): Dagster's UI and daemon (`dg dev`) and, next
to it, the reports folder served over http on 127.0.0.1 — so the report asset's "open" link in the
UI is an http link the browser follows (a file:// link from an http page is refused).

The link is `GIA_REPORTS_URL` + the file name; this command sets `GIA_REPORTS_URL` for `dg dev`
(and the runs it launches) to the address it serves, default http://127.0.0.1:3001/. Only the
reports folder is served, read-only, to this machine.
"""

import functools
import http.server
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from gia_pipeline.lib import paths


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):   # noqa: A002 (the base class's name) — no request log on the console
        pass


def serve_reports(port: int, folder: Path) -> http.server.ThreadingHTTPServer:
    """Serve `folder` on 127.0.0.1:`port` from a daemon thread; returns the server (shutdown() stops it)."""
    folder.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                             functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, name="reports-http", daemon=True).start()
    return server


def dev(port: int, reports_port: int | None) -> int:
    from gia_pipeline.cli import init_instance

    # A script that starts this in the background (`bash scripts/dev.sh &`) hands it SIGINT ignored,
    # and a child inherits that. Dagster gives SIGTERM whatever SIGINT has, so `dg dev` would ignore
    # the SIGTERM forwarded below and outlive this command: restore SIGINT before starting anything.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    init_instance()     # the run queue's one-writer limit, before the daemon starts
    if reports_port is None:
        reports_port = urlsplit(paths.reports_url()).port or paths.DEFAULT_REPORTS_PORT
    folder = Path(paths.reports_dir()).resolve()
    server = serve_reports(reports_port, folder)
    url = f"http://127.0.0.1:{reports_port}/"
    print(f"Reports: {folder} served at {url}", flush=True)
    env = {**os.environ, "GIA_REPORTS_URL": url}
    dg = Path(sys.executable).with_name("dg")
    child = subprocess.Popen([str(dg), "dev", "--host", "127.0.0.1", "--port", str(port)], env=env)
    # stopped by its PID (SIGTERM): stop dg dev with it rather than leave it running
    signal.signal(signal.SIGTERM, lambda *_: child.send_signal(signal.SIGTERM))
    try:
        return child.wait()
    except KeyboardInterrupt:      # Ctrl-C reached dg dev too: let it stop its processes
        return child.wait()
    finally:
        server.shutdown()
