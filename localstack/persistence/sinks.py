"""Where a snapshot's S3 bodies go: the body store, each body once; for a background snapshot, small new
bodies wait in memory until writes may go on."""

from __future__ import annotations

from typing import IO, Callable

from localstack.persistence import pickling
from localstack.persistence.bodies import BodyStore


class StoreSink(pickling.BodySink):
    """Bodies of a snapshot go to the body store once; the snapshot names them. `stored` remembers
    what the store holds, so a snapshot of 50,000 objects does not stat 50,000 files."""

    def __init__(self, store: BodyStore, stored: set[str]) -> None:
        super().__init__()
        self.body_store = store
        self.stored = stored

    def store(self, digest: str, opener: Callable[[], IO[bytes]]) -> str:
        if digest not in self.openers and digest not in self.stored and not self.body_store.has(digest):
            with opener() as source:
                stored = self.body_store.put_stream(source.read)
            if stored != digest:
                raise ValueError(f"body changed while being saved ({digest})")
        self.stored.add(digest)
        self.openers.setdefault(digest, opener)
        return digest


# A new body up to this size is copied to memory while writes wait and stored after they resume
# (larger ones are stored at once, as they are few and memory is not for them).
DEFERRED_BODY_BYTES = 1024 * 1024


class DeferredSink(StoreSink):
    """Bodies of a background snapshot: small new ones wait in memory until the write lock is free."""

    def __init__(self, store: BodyStore, stored: set[str]) -> None:
        super().__init__(store, stored)
        self.pending: dict[str, bytes] = {}

    def store(self, digest: str, opener: Callable[[], IO[bytes]]) -> str:
        if digest in self.openers or digest in self.stored or digest in self.pending:
            self.openers.setdefault(digest, opener)
            return digest
        if self.body_store.has(digest):
            self.stored.add(digest)
        else:
            with opener() as source:
                data = source.read(DEFERRED_BODY_BYTES + 1)
            if len(data) <= DEFERRED_BODY_BYTES:
                self.pending[digest] = data
            else:
                return super().store(digest, opener)
        self.openers.setdefault(digest, opener)
        return digest

    def flush(self) -> None:
        for digest, data in self.pending.items():
            self.body_store.put_bytes(data, digest)
            self.stored.add(digest)
        self.pending.clear()
