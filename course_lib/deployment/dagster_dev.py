"""Start and stop `dagster dev` (webserver + daemon) on the course's instance and DuckDB file.

`make dagster` runs `python -m course_lib.deployment.dagster_dev` in the foreground; a notebook or a test calls
`start()` and gets a handle it stops (SIGINT to the process group: `dagster dev` exits cleanly in ~1 s).
Behind JupyterLab (`--path-prefix`, see jupyter_proxy.py) it runs the webserver and the daemon itself,
since `dagster dev` has no path prefix option.
"""

import argparse
import atexit
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from course_lib import settings
from course_lib.deployment import watchdog
from course_lib.deployment.webserver import CODE_LOCATION, DEFAULT_URL, Webserver, WebserverNotRunning, answers, connect
from course_lib.errors import CourseError
from course_lib.in_process.instance import ensure_dagster_home

DEFAULT_PORT = 3000


class DagsterDevFailed(CourseError):
    """`dagster dev` did not come up."""


def command(port: int) -> list[str]:
    """The `dagster dev` command line for the course's code location on 127.0.0.1:`port`."""
    dagster = Path(sys.executable).with_name("dagster")
    return [str(dagster), "dev", "-h", "127.0.0.1", "-p", str(port), "-m", CODE_LOCATION]


def course_environment() -> dict[str, str]:
    """This process's environment with the course's paths made explicit, so the server uses the same files."""
    ensure_dagster_home()
    settings.export_defaults()
    return dict(os.environ)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class DagsterDev:
    """A running `dagster dev`: its URL and, when this process started it, the process to stop."""

    url: str
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    watchdog: subprocess.Popen | None = None  # stops the server if this process is killed before stop() runs
    pid: int | None = field(init=False)

    def __post_init__(self):
        self.pid = self.process.pid if self.process else None  # also its process group: it leads its session

    @property
    def webserver(self) -> Webserver:
        """Its GraphQL API."""
        return Webserver(self.url)

    def running(self) -> bool:
        """True while any process this handle started (webserver, daemon, code server, runs) is alive."""
        if self.pid is None:
            return False
        try:
            os.killpg(self.pid, 0)
            return True
        except ProcessLookupError:
            return False

    def stop(self, timeout: float = 30) -> None:
        """Stop the webserver and daemon this process started (a `make dagster` one is left running)."""
        process, self.process = self.process, None
        if process is None:
            return
        # dagster dev runs in its own session: SIGINT to the group stops webserver, daemon and code server
        # cleanly (~1 s); SIGKILL is the fallback that never leaves a process behind.
        for sig, wait in ((signal.SIGINT, timeout), (signal.SIGKILL, 10)):
            if process.poll() is not None:
                break
            _signal_group(process, sig)
            try:
                process.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # Its code server and run workers may outlive the parent by a moment; none may outlive stop().
        _signal_group(process, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.1)
        watchdog, self.watchdog = self.watchdog, None
        if watchdog is not None:  # it sees the group gone within a second and exits; reaped here
            try:
                watchdog.wait(10)
            except subprocess.TimeoutExpired:
                watchdog.kill()
                watchdog.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


def _default_sigint() -> None:
    # A child of a background shell job inherits "ignore SIGINT", and dagster dev would then ignore stop().
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(port: int | None = None, timeout: float = 120, argv: list[str] | None = None) -> DagsterDev:
    """Start `dagster dev` on a free port (or `port`) and return once its webserver answers.

    `argv` replaces the command line, e.g. `make dagster DAGSTER_PORT=...` in the tests."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = settings.data_dir() / "dagster_dev.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            argv or command(port),
            env=course_environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_default_sigint,
        )
    # A kernel that exits stops it (atexit); one killed outright runs no atexit, so a watchdog stops it then.
    server = DagsterDev(url, process, log_path, watchdog.spawn(os.getpid(), process.pid))
    atexit.register(server.stop)
    deadline = time.monotonic() + timeout
    while not answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            tail = log_path.read_text(errors="replace")[-1500:]
            raise DagsterDevFailed(
                f"`dagster dev` did not come up on {url} (waited up to {timeout:.0f} s): read the "
                f"end of its log ({log_path}) below, fix what it says, then run this again.\n{tail}"
            )
        time.sleep(0.5)
    return server


def connect_or_start(url: str = DEFAULT_URL) -> DagsterDev:
    """The `make dagster` webserver if it serves this course's instance; otherwise one started for this kernel."""
    try:
        connect(url)
    except WebserverNotRunning as why:
        server = start()
        print(
            f"{why.reason} at {url}, so this notebook started `dagster dev` for itself at {server.url} "
            "(`server.stop()` stops it, and so does closing the kernel). To keep one open beside JupyterLab, "
            "run `make dagster` in a terminal in the course folder."
        )
    else:
        server = DagsterDev(url)
        print(f"Using the Dagster webserver at {url} (from `make dagster`).")
    server.webserver.wait_until_loaded()
    return server


def commands_behind_a_proxy(port: int, path_prefix: str) -> list[list[str]]:
    """What `dagster dev` runs, with the webserver under `path_prefix`: `dagster-webserver` and `dagster-daemon`."""
    folder = Path(sys.executable).parent
    return [
        [
            str(folder / "dagster-webserver"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "--path-prefix",
            path_prefix,
            "-m",
            CODE_LOCATION,
        ],
        [str(folder / "dagster-daemon"), "run", "-m", CODE_LOCATION],
    ]


def run_behind_a_proxy(port: int, path_prefix: str) -> int:
    """Run the webserver (under `path_prefix`) and the daemon until this process is told to stop, its parent
    (JupyterLab) is gone, or one of the two exits; then stop both. Returns an exit status."""
    env = course_environment()
    parent = os.getppid()
    children = [
        subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL) for argv in commands_behind_a_proxy(port, path_prefix)
    ]
    stopping = []
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: stopping.append(signum))
    # Polled rather than waited on: a JupyterLab killed outright sends no signal, and then only a new parent
    # (its PID changes) tells that nobody will ever stop these two.
    while not stopping and os.getppid() == parent and all(child.poll() is None for child in children):
        time.sleep(0.5)
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return 0 if stopping else max(child.returncode or 0 for child in children) or 1


def main() -> None:
    """`make dagster`: run `dagster dev` in the foreground on the course's instance (or, with --path-prefix,
    the webserver and daemon behind JupyterLab's proxy)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--path-prefix", help="serve the UI under this path, e.g. /dagster (behind a proxy)")
    args = parser.parse_args()
    if args.path_prefix:
        sys.exit(run_behind_a_proxy(args.port, args.path_prefix.rstrip("/")))
    port = args.port
    env = course_environment()
    print(
        f"Dagster UI: http://127.0.0.1:{port}  (instance {env['DAGSTER_HOME']}, DuckDB {env['DUCKDB_DATABASE']})",
        flush=True,
    )
    os.execve(command(port)[0], command(port), env)


if __name__ == "__main__":
    main()
