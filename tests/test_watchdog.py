"""The watchdog that stops a kernel's `dagster dev` when the kernel is killed outright."""

import os
import signal
import subprocess
import sys
import time

from course_lib.deployment import watchdog


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def start_group() -> subprocess.Popen:
    """A stand-in for `dagster dev`: a process in a session of its own, with a child in the same group."""
    return subprocess.Popen(
        [sys.executable, "-c", "import subprocess, time; subprocess.Popen(['sleep', '300']); time.sleep(300)"],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
    )


def test_the_group_is_stopped_when_its_owner_is_killed():
    owner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    group = start_group()
    guard = watchdog.spawn(owner.pid, group.pid)
    try:
        time.sleep(1.5)
        assert watchdog.group_alive(group.pid), "the watchdog stopped the group while its owner lived"
        owner.kill()
        owner.wait()
        group.wait(15)  # the leader ends at once (SIGINT); the whole group within a few seconds
        assert wait_until(lambda: not watchdog.group_alive(group.pid), 15)
        assert guard.wait(15) == 0
    finally:
        for process in (owner, group, guard):
            if process.poll() is None:
                process.kill()
        if watchdog.group_alive(group.pid):
            os.killpg(group.pid, signal.SIGKILL)


def test_the_watchdog_leaves_with_the_group_and_lets_the_owner_be():
    group = start_group()
    guard = watchdog.spawn(os.getpid(), group.pid)
    time.sleep(1.5)
    os.killpg(group.pid, signal.SIGKILL)
    group.wait()
    assert guard.wait(15) == 0
    assert watchdog.is_alive(os.getpid())


def test_a_zombie_counts_as_gone():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    assert wait_until(lambda: not watchdog.is_alive(child.pid), 10)  # exited, not yet reaped
    child.wait()
