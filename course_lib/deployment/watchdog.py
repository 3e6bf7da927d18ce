"""Stop a process group once the process that owns it is gone.

A `dagster dev` started from a kernel runs in a session of its own, so a kernel killed outright (Kernel > Shut Down
that times out, a test runner's kill, a crash) would leave it running: atexit only runs when the kernel exits by
itself. `spawn` starts this module beside it, as `python -m course_lib.deployment.watchdog OWNER_PID GROUP`; it
polls the owner once a second and stops the group (SIGINT, then SIGKILL) when the owner is gone.
"""

import os
import signal
import subprocess
import sys
import time


def is_alive(pid: int) -> bool:
    """True while `pid` runs; a zombie (dead, not yet reaped by its parent) counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True  # no /proc (macOS): kill(pid, 0) is all there is


def group_alive(group: int) -> bool:
    """True while any process of the process group `group` exists."""
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_group(group: int, timeout: float = 30) -> None:
    """SIGINT to the group (`dagster dev` then stops its webserver, daemon and code server), SIGKILL if it lingers."""
    for sig, wait in ((signal.SIGINT, timeout), (signal.SIGKILL, 10)):
        try:
            os.killpg(group, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while group_alive(group) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not group_alive(group):
            return


def watch(owner: int, group: int, poll: float = 1.0) -> None:
    """Return when the group is gone; stop it first if its owner goes before it does."""
    while group_alive(group):
        if not is_alive(owner):
            stop_group(group)
            return
        time.sleep(poll)


def spawn(owner: int, group: int) -> subprocess.Popen:
    """Start a watchdog for `group` in a session of its own, so that killing the owner does not kill it too."""
    return subprocess.Popen(
        [sys.executable, "-m", "course_lib.deployment.watchdog", str(owner), str(group)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


if __name__ == "__main__":
    watch(int(sys.argv[1]), int(sys.argv[2]))
