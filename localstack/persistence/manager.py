"""The persistence lifecycle: load the snapshot and replay the log on start, compact in the background,
snapshot on stop; export, import, save, load and reset of the whole state."""

from __future__ import annotations

import functools
import io
import logging
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Iterator

from localstack.persistence import (
    archive,
    background,
    determinism,
    effects,
    forked,
    pickling,
    request_log,
    state,
)
from localstack.persistence.bodies import BodyStore, LazyBody
from localstack.persistence.files import (
    StateFileError,
    check_name,
    ensure_private_dir,
    read_range,
    truncate,
    write_atomically,
)
from localstack.persistence.recorder import Recorder
from localstack.persistence.sinks import DeferredSink, StoreSink
from localstack.services.backends import HttpBackend
from localstack.utils.http import Request

if TYPE_CHECKING:
    from localstack.services.infra import Infrastructure

LOG = logging.getLogger(__name__)

SNAPSHOT = "snapshot.lsstate"
LOG_FILE = "requests.log"
# Compact once the log holds this many bytes, or as many as the snapshot (whichever is larger): the
# cost of a snapshot is spread over at least as many bytes of writes as it has itself.
MIN_COMPACT_BYTES = 16 * 1024 * 1024
# ... or after this many records: a replay after a crash redoes each one (about a millisecond each).
MAX_COMPACT_RECORDS = 10_000
IDLE_COMPACT_SECONDS = 2.0
# Without PERSISTENCE_FSYNC, what was written is flushed to the disk at least this often.
SYNC_INTERVAL = 0.2
WARMUP_DELAY = 0.5


def state_dir(infra_config: Any) -> Path:
    return Path(infra_config.data_dir or infra_config.run_dir) / "state"


class _ReplayDispatcher:
    """Stands in for the event dispatcher during a replay: the deliveries a request made in the caller
    happen again; background ones were logged as requests of their own and are not repeated."""

    def submit(self, delivery: Callable[..., Any], *args: Any, synchronous: bool = False) -> None:
        if synchronous:
            try:
                delivery(*args)
            except Exception:  # noqa: BLE001 - a failed delivery must not stop the replay
                LOG.debug("replay: delivery %s failed", delivery, exc_info=True)

    def shutdown(self, wait: bool = True) -> None:
        pass


class Persistence:
    """One per emulator with PERSISTENCE=1; the lifecycle manager owns its compaction thread."""

    def __init__(self, infra: Infrastructure) -> None:
        self.infra = infra
        self.dir = state_dir(infra.config)
        self.bodies = BodyStore(self.dir / "bodies")
        self.snapshot_path = self.dir / SNAPSHOT
        self.log_path = self.dir / LOG_FILE
        self.recorder: Recorder | None = None
        self.snapshot_size = 0
        self.wake = threading.Event()
        self.compactions = 0
        self.stored_bodies: set[str] = set()
        # Held by whatever writes the snapshot or rewrites the log (taken before the write lock).
        self.snapshot_lock = threading.RLock()

    # start-up -------------------------------------------------------------------------------------

    def start(self) -> None:
        """Load the snapshot, replay the log, and hook every proxy. Refuses (StateFileError) before
        changing any file if one is unreadable."""
        ensure_private_dir(self.dir)
        started = time.perf_counter()
        reader = None
        seq = 0
        if self.snapshot_path.exists():
            reader = archive.ArchiveReader(self.snapshot_path, str(self.snapshot_path))
            seq = int(reader.manifest.get("log_seq", 0))
        log_end = [0]
        logged = list(request_log.read_records(self.log_path, log_end))
        records = [r for r in logged if r.seq > seq]
        self.stored_bodies = set(self.bodies.digests())
        if reader is not None:
            self._build_backends(reader.services)
            loaded = reader.load(None, self._store_opener)
            reader.close()
            state.restore(loaded)
            if determinism._installed:
                determinism.adopt_new_modules()
            self.snapshot_size = self.snapshot_path.stat().st_size
        if records:
            determinism.install()
            self._replay(records)
            seq = records[-1].seq
        # Work a crash cut off ends as a stop ends it (and that is kept by the snapshot below).
        settled = background.settle()
        current = request_log.is_current(self.log_path)
        if settled or (records and not current):
            # What was settled is in no record; an older log format is not appended to.
            self._compact_locked(seq)
            logged = []
        elif not current:
            self._reset_log()
        else:
            # The log goes on after its last complete record (a torn tail is cut off); the compactor
            # folds the replayed records into a snapshot in the background, after start-up.
            truncate(self.log_path, log_end[0])
        self.recorder = Recorder(
            request_log.RequestLog(self.log_path),
            max([seq] + [r.seq for r in logged[-1:]]),
            self._after_append,
            fsync=self.infra.config.persistence_fsync,
        )
        self.recorder.log.records = len(logged)
        # Replayed records are folded into a snapshot once the first requests have had the CPU
        # (after IDLE_COMPACT_SECONDS without writes), so the next start replays none of them.
        self.recorder.last_write = time.monotonic()
        background.set_recorder(self.recorder)
        for proxy in self.infra.proxies.values():
            # A service sent to an external backend (<SVC>_BACKEND) keeps its own state there, and
            # an extension's service its own (`persisted`).
            if proxy.persisted and not isinstance(proxy.backend, HttpBackend):
                proxy.handle = self.recorder.wrap(proxy)  # type: ignore[method-assign]
        self.infra.start_worker("persistence-compactor", self._compact_loop)
        if reader is not None:
            restored = set(reader.services)

            # Workers that look for built backends (the EventBridge scheduler, pollers) find the
            # restored services running; built a moment after ready, so that neither start-up nor the
            # first requests (which build what they need themselves) wait for it.
            def warm_up(stopped: threading.Event) -> None:
                if not stopped.wait(WARMUP_DELAY):
                    _build_apps(self.infra, restored)

            self.infra.start_worker("persistence-warmup", warm_up)
        state.resume_work()
        self.infra.on_stop(self.stop)
        self.infra.on_reset(self.after_reset)
        LOG.info(
            "persistence: state loaded from %s (%d requests replayed) in %.2fs",
            self.dir,
            len(records),
            time.perf_counter() - started,
        )

    def _store_opener(self, digest: str) -> Callable[[], IO[bytes]]:
        return functools.partial(open, self.bodies.file_name(digest), "rb")

    def _build_backends(self, services: list[str]) -> None:
        _build_backends_of(self.infra, set(services))

    def _replay(self, records: list[request_log.LogRecord]) -> None:
        from localstack.services.backends import MotoBackend

        infra = self.infra
        dispatcher = infra.dispatcher
        infra.dispatcher = _ReplayDispatcher()  # type: ignore[assignment]
        failed = 0
        background.replaying = True
        try:
            with _no_new_threads():
                for record in records:
                    if record.method == background.STATE_METHOD:
                        background.apply(record.path, record.body)
                        continue
                    proxy = infra.proxies.get(record.service)
                    if proxy is None:
                        raise StateFileError(
                            self.log_path,
                            f"record {record.seq} is for {record.service}, which is not enabled",
                        )
                    if isinstance(proxy.backend, MotoBackend) and not proxy.backend.built:
                        # As when the request was logged: built before its seeded section.
                        proxy.backend.app()
                        determinism.adopt_new_modules()
                    if record.method == effects.METHOD:
                        failed += not _apply_effect(record)
                        continue
                    background.ensure_installed(record.service)
                    request = _replayed_request(record, infra.config)
                    with (
                        determinism.seeded(record.seed),
                        determinism.recorded_at(record.time),
                        determinism.given_values(record.headers),
                    ):
                        response = proxy.handle(request)
                    if response.status_code >= 400:
                        failed += 1
                        LOG.warning(
                            "persistence: replaying %s %s %s answered %s: %s",
                            record.service,
                            record.method,
                            record.path,
                            response.status_code,
                            response.get_data()[:300],
                        )
        finally:
            background.replaying = False
            infra.dispatcher = dispatcher
        if failed:
            LOG.warning("persistence: %d of %d replayed requests failed", failed, len(records))

    # compaction -----------------------------------------------------------------------------------

    def _after_append(self) -> None:
        log = self.recorder.log  # type: ignore[union-attr]
        if log.records >= MAX_COMPACT_RECORDS or log.size >= max(MIN_COMPACT_BYTES, self.snapshot_size):
            self.wake.set()

    def _compact_loop(self, stopped: threading.Event) -> None:
        modules = 0
        while not stopped.is_set():
            self.wake.wait(SYNC_INTERVAL)
            self.wake.clear()
            if determinism._installed and len(sys.modules) != modules:
                # Modules moto imports inside a call, after its backend was built, get the clock too.
                modules = len(sys.modules)
                determinism.adopt_new_modules()
            recorder = self.recorder
            if recorder is None or stopped.is_set() or recorder.log.records == 0:
                continue
            log = recorder.log
            log.sync(log.size)
            big = log.size >= max(MIN_COMPACT_BYTES, self.snapshot_size)
            many = log.records >= MAX_COMPACT_RECORDS
            idle = time.monotonic() - recorder.last_write >= IDLE_COMPACT_SECONDS
            if big or many or idle:
                try:
                    self.compact()
                except Exception:
                    LOG.exception("persistence: compaction failed; the log keeps every write")

    def compact(self) -> None:
        """Write a snapshot of everything and drop the records it holds from the log.

        Writes wait only while the state is pickled to memory: new bodies, the snapshot file and
        their fsyncs are written after. Until the new snapshot is renamed into place the log holds
        every record; from then on start-up skips records up to its `log_seq`, and the log is
        rewritten (writes waiting again, briefly) to the records made since the picture."""
        recorder = self.recorder
        if recorder is None:
            return
        with self.snapshot_lock:
            began = time.perf_counter()
            position = functools.partial(self._log_position, recorder)
            in_child = forked.snapshot(recorder.lock, position, self._write_in_child)
            if in_child is not None:
                seq, offset, keep, held = in_child
                self.stored_bodies.update(keep)
            else:
                sink = DeferredSink(self.bodies, self.stored_bodies)
                with recorder.lock:
                    seq, offset = self._log_position(recorder)
                    image = io.BytesIO()
                    self._picture(image, sink, seq)
                held = time.perf_counter() - began
                sink.flush()
                write_atomically(self.snapshot_path, lambda handle: handle.write(image.getbuffer()))
                keep = set(sink.openers)
            with recorder.lock:
                log = recorder.log
                log.write()
                tail = read_range(self.log_path, offset, log.size)
                write_atomically(self.log_path, lambda handle: handle.write(request_log._HEADER + tail))
                log.close()
                recorder.log = request_log.RequestLog(self.log_path)
                recorder.log.records = recorder.seq - seq
            self._after_snapshot(keep)
            LOG.debug(
                "persistence: snapshot at record %d in %.3fs (writes waited %.3fs)",
                seq,
                time.perf_counter() - began,
                held,
            )

    @staticmethod
    def _log_position(recorder: Recorder) -> tuple[int, int]:
        """(the last record's seq, the log's size after it): what a snapshot taken now holds."""
        return recorder.seq, recorder.log.size

    def _write_in_child(self, seq: int) -> list[str]:
        """In the forked child (no other thread runs): the snapshot file; the bodies it refers to."""
        sink = StoreSink(self.bodies, set(self.stored_bodies))
        write_atomically(self.snapshot_path, _snapshot_writer(state.capture(), sink, seq))
        return sorted(sink.openers)

    def _picture(self, handle: IO[bytes], sink: pickling.BodySink, seq: int) -> None:
        for attempt in range(5):
            try:
                handle.seek(0)
                handle.truncate()
                _snapshot_writer(state.capture(), sink, seq)(handle)
                return
            except RuntimeError:
                # A background thread changed a dict while it was pickled: take the picture again.
                if attempt == 4:
                    raise
                time.sleep(0.01)

    def _compact_locked(self, seq: int) -> None:
        """A snapshot and an empty log, all while writes wait (start-up, reset, import)."""
        with self.snapshot_lock:
            sink = StoreSink(self.bodies, self.stored_bodies)
            for attempt in range(5):
                try:
                    write_atomically(self.snapshot_path, _snapshot_writer(state.capture(), sink, seq))
                    break
                except RuntimeError:
                    # A background thread changed a dict while it was pickled: take the picture again.
                    if attempt == 4:
                        raise
                    time.sleep(0.01)
            self._reset_log()
            self._after_snapshot(set(sink.openers))

    def _after_snapshot(self, keep: set[str]) -> None:
        if self.stored_bodies - keep:
            self.bodies.remove_except(keep)
        self.stored_bodies = keep
        self.snapshot_size = self.snapshot_path.stat().st_size
        self.compactions += 1

    def _reset_log(self) -> None:
        write_atomically(self.log_path, lambda handle: handle.write(request_log._HEADER))

    def stop(self) -> None:
        recorder = self.recorder
        if recorder is not None and recorder.log.records:
            try:
                self.compact()
            except Exception:
                LOG.exception("persistence: final snapshot failed; the log keeps every write")

    def after_reset(self) -> None:
        """POST /_localstack/state/reset: what persistence holds is cleared too."""
        recorder = self.recorder
        if recorder is None:
            return
        with self.snapshot_lock, recorder.lock:
            self._compact_locked(recorder.seq)
            recorder.log.close()
            recorder.log = request_log.RequestLog(self.log_path)

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        if self.recorder is None:
            yield
            return
        with self.snapshot_lock, self.recorder.lock:
            yield

    def after_import(self) -> None:
        self.compact()


def _snapshot_writer(captured: dict, sink: pickling.BodySink, seq: int) -> Callable[[IO[bytes]], None]:
    def write(handle: IO[bytes]) -> None:
        archive.write_archive(handle, captured, include_bodies=False, sink=sink, extra={"log_seq": seq})

    return write


def _apply_effect(record: request_log.LogRecord) -> bool:
    try:
        effects.apply(record.body)
        return True
    except Exception as error:  # noqa: BLE001 - reported as a replayed request that failed is
        LOG.warning("persistence: replaying object record %d failed: %r", record.seq, error)
        return False


# Work a replayed request would start again although what it did was logged on its own (a Step
# Functions execution calls other services through requests of its own).
_NOT_REPLAYED_WORK = ("moto.stepfunctions", "localstack.services.stepfunctions")


@contextmanager
def _no_new_threads() -> Iterator[None]:
    """While replaying, executions are not run again; every other thread starts as usual."""
    original = threading.Thread.start
    skipped: list[str] = []

    def start(thread: threading.Thread) -> None:
        target = getattr(thread, "_target", None)
        if str(getattr(target, "__module__", "")).startswith(_NOT_REPLAYED_WORK):
            skipped.append(thread.name)
            return
        original(thread)

    threading.Thread.start = start  # type: ignore[method-assign]
    try:
        yield
    finally:
        threading.Thread.start = original  # type: ignore[method-assign]
        if skipped:
            LOG.info("persistence: replay did not run %d Step Functions workers again", len(skipped))


# snapshots: export, import, save, load ---------------------------------------------------------


def export_state(infra: Infrastructure, services: set[str] | None) -> bytes:
    """The state (of these services) as an archive with its bodies."""
    persistence: Persistence | None = getattr(infra, "persistence", None)
    buffer = io.BytesIO()
    for attempt in range(5):
        try:
            with persistence.exclusive() if persistence else _nothing():
                buffer = io.BytesIO()
                archive.write_archive(buffer, state.capture(services), include_bodies=True)
            break
        except RuntimeError:
            if attempt == 4:
                raise
    return buffer.getvalue()


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def import_state(
    infra: Infrastructure, source: Path | IO[bytes], label: str, services: set[str] | None
) -> list[str]:
    """Replace the state of the archive's services (or of `services`) with the archive's."""
    persistence: Persistence | None = getattr(infra, "persistence", None)
    # A snapshot taken meanwhile would remove the archive's bodies stored before the swap.
    with persistence.snapshot_lock if persistence else _nothing():
        return _import_state(infra, persistence, source, label, services)


def _import_state(
    infra: Infrastructure,
    persistence: Persistence | None,
    source: Path | IO[bytes],
    label: str,
    services: set[str] | None,
) -> list[str]:
    reader = archive.ArchiveReader(source, label)
    try:
        wanted = set(reader.services) if services is None else set(reader.services) & services
        _build_backends_of(infra, wanted)
        lazies: list[LazyBody] = []
        if persistence is not None:
            for digest in reader.body_digests():
                if not persistence.bodies.has(digest):
                    with reader.open_body(digest) as body:
                        if persistence.bodies.put_stream(body.read) != digest:
                            raise StateFileError(label, f"body {digest} does not match its name")
            opener = persistence._store_opener
        else:

            def opener(digest: str) -> Callable[[], IO[bytes]]:
                return lambda: reader.open_body(digest)

        loaded = reader.load(wanted, opener, lazies)
        if persistence is None:
            # The archive closes after this: each body moves into moto's own buffer now.
            for lazy in lazies:
                lazy._buffer()
        with persistence.exclusive() if persistence else _nothing():
            state.restore(loaded)
            if persistence is not None:
                persistence._compact_locked(persistence.recorder.seq if persistence.recorder else 0)
                if persistence.recorder is not None:
                    persistence.recorder.log.close()
                    persistence.recorder.log = request_log.RequestLog(persistence.log_path)
        _build_apps(infra, set(loaded))
        state.resume_work()
        return sorted(loaded)
    finally:
        reader.close()


def _build_backends_of(infra: Infrastructure, services: set[str]) -> None:
    """Apply each service's moto patches before its state is unpickled (the Flask app stays lazy)."""
    from localstack.services.backends import MotoBackend

    for proxy in infra.proxies.values():
        backend = proxy.backend
        if isinstance(backend, MotoBackend) and backend.service in services and backend.before_build:
            backend.before_build()


def _build_apps(infra: Infrastructure, services: set[str]) -> None:
    from localstack.services.backends import MotoBackend

    for proxy in list(infra.proxies.values()):
        if isinstance(proxy.backend, MotoBackend) and proxy.backend.service in services:
            try:
                proxy.backend.app()
            except Exception:  # noqa: BLE001 - the service's first request reports it again
                LOG.exception("persistence: building %s failed", proxy.service)


def snapshot_path(infra: Infrastructure, name: str) -> Path:
    return ensure_private_dir(state_dir(infra.config) / "snapshots") / f"{check_name(name)}.lsstate"


def save_snapshot(infra: Infrastructure, name: str, services: set[str] | None) -> Path:
    path = snapshot_path(infra, name)
    data = export_state(infra, services)
    write_atomically(path, lambda handle: handle.write(data))
    return path


def load_snapshot(infra: Infrastructure, name: str, services: set[str] | None) -> list[str]:
    path = snapshot_path(infra, name)
    if not path.exists():
        raise FileNotFoundError(f"no snapshot named {name!r}")
    return import_state(infra, path, str(path), services)


def list_snapshots(infra: Infrastructure) -> list[dict]:
    directory = state_dir(infra.config) / "snapshots"
    if not directory.is_dir():
        return []
    return [
        {"name": path.stem, "size": path.stat().st_size, "modified": path.stat().st_mtime}
        for path in sorted(directory.glob("*.lsstate"))
    ]


def _replayed_request(record: request_log.LogRecord, config: Any) -> Request:
    """A logged request as the gateway made it: a body over BODY_MEMORY_LIMIT goes to a spool file, which
    a service that streams bodies (S3) adopts as the object, as when the request first came."""
    from werkzeug.datastructures import Headers

    prefix = determinism.VALUE_HEADER_PREFIX
    headers = Headers([(name, value) for name, value in record.headers if not name.startswith(prefix)])
    request = Request(record.method, record.path, record.body, headers)
    if len(record.body) <= config.body_memory_limit:
        return request
    from localstack.services.backends import load_spooled_body, spool_digests
    from localstack.utils.http import SPOOLED_BODY
    from localstack.utils.http_body import read_body

    _, spooled = read_body(
        io.BytesIO(record.body),
        len(record.body),
        len(record.body),
        config.body_memory_limit,
        config.run_dir / "spool",
        lambda: spool_digests(record.service, request.headers),
    )
    request.data = b""
    request.environ[SPOOLED_BODY] = spooled
    load_spooled_body(record.service, request)
    return request
