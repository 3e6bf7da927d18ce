"""Write a file so that readers see its old content or its new content whole, never a part of it.

Any number of processes may write the same file at once (two kernels, a kernel and `dagster dev`):
each writes a temporary file of its own, and the last to finish replaces the file whole.
"""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# mkstemp makes files only their owner can read; a finished file gets what a plain open() would give it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


@contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path` to write; when the block ends, it replaces `path` in one step.

    If the block raises, the temporary file is removed and `path` is left as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A unique name per writer, so two writers never share one; in the same folder, because a rename is atomic
    # only within one file system; hidden, so the learner's file browser does not list it.
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        temporary.chmod(0o666 & ~_UMASK)
        yield temporary
        _fsync(temporary)  # the data is on disk before the name points at it, so a crash cannot leave an empty file
        os.replace(temporary, path)
        _fsync(path.parent)  # and the new name is on disk too
    except BaseException:  # a kernel interrupt too
        temporary.unlink(missing_ok=True)
        raise


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
