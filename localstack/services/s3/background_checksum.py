"""The default CRC64NVME of a large object stored without a checksum, computed as soon as it is stored, in a
helper process fed the stored bytes, so that neither the upload nor the first read that asks for it pays
for it, and the server's own threads keep the GIL.

The CRC runs in pure Python at about 60 MB/s per core (crc.py), slower than an upload arrives: computed on
the request thread it would halve PutObject throughput, and on a thread of the server it would take the
GIL from every request for seconds per GiB. A child process uses the machine's other core instead; a read
that asks before it is done waits for it (and computes the value itself if the child failed). With the
native CRC (_native_crc.c) uploads carry their value already and this is left with what has none."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import weakref
from concurrent.futures import Future
from typing import Any

LOG = logging.getLogger(__name__)

# Below this the value is computed when first asked for (up to ~0.15 s of CPU); a child process costs more.
MIN_BYTES = 8 * 1024 * 1024
_CHILD = (
    "import base64, sys\n"
    "from localstack.services.s3.crc import REGION_BYTES, crc64nvme\n"
    "read, crc = sys.stdin.buffer.read, 0\n"
    "while chunk := read(REGION_BYTES * 8):\n"
    "    crc = crc64nvme(chunk, crc)\n"
    "sys.stdout.write(base64.b64encode(crc.to_bytes(8, 'big')).decode())\n"
)
_lock = threading.Lock()
# id(key) -> (weak reference to the key, the computation); the key itself is pickled by persistence.
_pending: dict[int, tuple[Any, Future]] = {}


def start(key: Any) -> None:
    """Compute the key's default checksum in the background if it is large enough to be worth it."""
    if getattr(key, "contentsize", 0) < MIN_BYTES or key.checksum_algorithm != "CRC64NVME":
        return
    if key.__dict__.get("_checksum_value") is not None:
        return  # computed while the body arrived (streaming.py)
    from localstack.services import infra

    try:
        dispatcher = infra.current().dispatcher
    except RuntimeError:
        return  # not in a running server: computed when asked
    with _lock:
        future = dispatcher.submit(_compute, weakref.ref(key))
        if future is not None:
            _pending[id(key)] = (weakref.ref(key), future)
            future.add_done_callback(lambda _: _forget(key))


def _forget(key: Any) -> None:
    with _lock:
        entry = _pending.get(id(key))
        if entry is not None and entry[0]() is key:
            del _pending[id(key)]


def wait(key: Any) -> None:
    """Wait for a computation of this key's checksum under way, if any."""
    with _lock:
        entry = _pending.get(id(key))
    if entry is not None and entry[0]() is key:
        try:
            entry[1].result()
        except Exception:  # noqa: BLE001 - the caller computes the value itself
            pass


def _compute(key_ref: Any) -> None:
    from localstack.services.s3 import checksums
    from localstack.services.s3.streaming import stored_pieces

    key = key_ref()
    if key is None or not key.__dict__.get("_default_checksum"):
        return
    try:
        if checksums.NATIVE:
            hasher = checksums.Hasher(checksums.DEFAULT_ALGORITHM)
            for piece in stored_pieces(key):
                hasher.update(piece)
            value = hasher.encoded()
        else:
            value = _in_child(key, stored_pieces(key))
    except (OSError, ValueError) as error:
        LOG.debug("Default checksum of %s left to the first read: %s", getattr(key, "name", "?"), error)
        return
    if value and key.__dict__.get("_default_checksum") and key.__dict__.get("_checksum_value") is None:
        key.__dict__["_checksum_value"] = value


def _in_child(key: Any, pieces: Any) -> str:
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    try:
        assert child.stdin is not None and child.stdout is not None
        for piece in pieces:
            child.stdin.write(piece)
        child.stdin.close()
        value = child.stdout.read().decode().strip()
        if child.wait() != 0:
            raise OSError(f"checksum helper exited with {child.returncode}")
        return value
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
