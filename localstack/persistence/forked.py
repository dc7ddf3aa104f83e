"""A background snapshot pictured by a forked child: writes wait only while the process forks (a few
milliseconds), not while the whole state is pickled (seconds with 100,000 objects stored).

The parent forks holding the write lock (and moto's backend lock, so no other thread is inside a
backend's creation then): the child's copy of the state is the state as of the last logged record.
The child pickles it, writes the snapshot file (temp file, fsync, rename), sends back the digests of
the bodies it refers to and exits without running any exit handler. It dies with the thread that
forked it (PR_SET_PDEATHSIG), so a kill -9 of the emulator never leaves it to rename a stale
snapshot over a newer one. If fork is not available, fails, or the child fails or takes longer than
CHILD_TIMEOUT, the caller pictures the state itself, as it did before.
"""

from __future__ import annotations

import ctypes
import gc
import json
import logging
import os
import select
import signal
import stat
import sys
import time
from contextlib import nullcontext
from typing import Any, Callable

LOG = logging.getLogger(__name__)

CHILD_TIMEOUT = 300.0
_PR_SET_PDEATHSIG = 1


def snapshot(
    lock: Any, prepare: Callable[[], tuple[int, int]], write: Callable[[int], list[str]]
) -> tuple[int, int, set[str], float] | None:
    """Under `lock`, `prepare()` gives (seq, log offset) and the process forks; the child runs
    `write(seq)` (the snapshot file; returns the body digests it refers to). Returns (seq, offset,
    digests, seconds the lock was held) once the child succeeded, None when the caller must picture
    the state itself."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return None
    read_end, write_end = os.pipe()
    pid = -1
    try:
        with lock, _backend_lock():
            began = time.perf_counter()
            seq, offset = prepare()
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:
                _child(parent, read_end, write_end, write, seq)
            held = time.perf_counter() - began
    except OSError as error:
        LOG.warning("persistence: could not fork for a snapshot (%s); taking it in process", error)
    finally:
        os.close(write_end)
    if pid <= 0:
        os.close(read_end)
        return None
    try:
        data = _read_until_exit(read_end, pid)
    finally:
        os.close(read_end)
    if data is None or not data.startswith(b"OK "):
        LOG.warning(
            "persistence: the snapshot child failed (%s); taking it in process",
            (data or b"timed out").decode("utf-8", "replace")[:500],
        )
        return None
    return seq, offset, set(json.loads(data[3:])), held


def _backend_lock() -> Any:
    module = sys.modules.get("moto.core.base_backend")
    lock = getattr(module, "backend_lock", None)
    return lock if lock is not None else nullcontext()


def _child(parent: int, read_end: int, write_end: int, write: Callable[[int], list[str]], seq: int) -> None:
    code = 1
    try:
        os.close(read_end)
        _close_sockets()
        # Gone with the thread that forked it; and gone now if that happened before this line.
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)
        # Short-lived: a collection would only touch (and so copy) every page of the heap.
        gc.disable()
        try:
            message = b"OK " + json.dumps(write(seq)).encode()
            code = 0
        except BaseException as error:  # noqa: BLE001 - reported by the parent
            message = f"{type(error).__name__}: {error}".encode("utf-8", "replace")
        view = memoryview(message)
        while view:
            view = view[os.write(write_end, view) :]
    finally:
        os._exit(code)


def _close_sockets() -> None:
    """The server's listening and client sockets: a restart must find its ports free, and no
    connection may wait on this copy of them."""
    for name in os.listdir("/proc/self/fd"):
        try:
            if stat.S_ISSOCK(os.fstat(int(name)).st_mode):
                os.close(int(name))
        except OSError:
            pass


def _read_until_exit(fd: int, pid: int) -> bytes | None:
    """What the child sent once it exited with 0; None if it failed or overran CHILD_TIMEOUT."""
    deadline = time.monotonic() + CHILD_TIMEOUT
    pieces = []
    while True:
        remaining = deadline - time.monotonic()
        ready = select.select([fd], [], [], max(remaining, 0))[0] if remaining > 0 else []
        if not ready:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
        piece = os.read(fd, 1024 * 1024)
        if not piece:
            break
        pieces.append(piece)
    _, status = os.waitpid(pid, 0)
    data = b"".join(pieces)
    if os.waitstatus_to_exitcode(status) != 0 and data.startswith(b"OK "):
        return None
    return data
