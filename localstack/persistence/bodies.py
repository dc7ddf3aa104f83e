"""S3 object bodies on disk, named by the SHA-256 of their content (never by a client's key), and the
lazy buffer that reads one back when moto first touches it."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from localstack.persistence.files import ensure_private_dir

SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1024 * 1024


class BodyStore:
    """`bodies/<2 hex>/<64 hex>` under the state directory: content-addressed, written once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._root = str(root)

    def path(self, digest: str) -> Path:
        return Path(self.file_name(digest))

    def file_name(self, digest: str) -> str:
        """The body's file (a plain string: start-up names 10,000 of them)."""
        if len(digest) != 64 or not SHA256_HEX.match(digest):
            raise ValueError(f"not a body digest: {digest!r}")
        return f"{self._root}/{digest[:2]}/{digest}"

    def has(self, digest: str) -> bool:
        return self.path(digest).exists()

    def put_stream(self, read: Callable[[int], bytes]) -> str:
        """Copy a stream in, hashing on the way; an existing body of the same content is kept."""
        ensure_private_dir(self.root)
        digest = hashlib.sha256()
        fd, temp = tempfile.mkstemp(dir=self.root, prefix=".body-")
        try:
            with os.fdopen(fd, "wb") as handle:
                while chunk := read(_CHUNK):
                    digest.update(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            target = self.path(digest.hexdigest())
            if target.exists():
                os.unlink(temp)
            else:
                target.parent.mkdir(mode=0o700, exist_ok=True)
                os.replace(temp, target)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise
        return digest.hexdigest()

    def put_bytes(self, data: bytes, digest: str | None = None) -> str:
        digest = digest or hashlib.sha256(data).hexdigest()
        if not self.has(digest):
            view = memoryview(data)
            position = [0]

            def read(size: int) -> bytes:
                chunk = view[position[0] : position[0] + size]
                position[0] += len(chunk)
                return bytes(chunk)

            stored = self.put_stream(read)
            if stored != digest:
                raise ValueError(f"body content does not match its digest {digest}")
        return digest

    def digests(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for sub in self.root.iterdir():
            if sub.is_dir():
                for item in sub.iterdir():
                    if SHA256_HEX.match(item.name):
                        yield item.name

    def remove_except(self, keep: set[str]) -> int:
        """Delete bodies no snapshot refers to any more; returns how many."""
        removed = 0
        for digest in list(self.digests()):
            if digest not in keep:
                self.path(digest).unlink(missing_ok=True)
                removed += 1
        return removed

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


_materialize_lock = threading.Lock()


class LazyBody:
    """Stands in for moto's SpooledTemporaryFile of a restored object until the body is first used:
    start-up reads no bodies, and each body is read at most once."""

    def __init__(self, opener: Callable[[], IO[bytes]], max_size: int, digest: str) -> None:
        self._opener = opener
        self.digest = digest
        self._max_size = max_size
        self._real: IO[bytes] | None = None

    def _buffer(self) -> IO[bytes]:
        if self._real is None:
            with _materialize_lock:
                if self._real is None:
                    real = tempfile.SpooledTemporaryFile(max_size=self._max_size)
                    with self._opener() as source:
                        shutil.copyfileobj(source, real, _CHUNK)
                    real.seek(0)
                    self._real = real
        return self._real

    def read_stream(self) -> IO[bytes]:
        """A fresh reader of the body without materialising it (for snapshots)."""
        return self._opener()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._buffer(), name)

    def close(self) -> None:
        if self._real is not None:
            self._real.close()
