"""Buffering of delivery streams: records are held until the size or the interval hint is reached,
then written to S3 as one object by the event dispatcher; flushed too when the emulator stops."""

from __future__ import annotations

import logging
import sys
from typing import Any

from localstack.services.firehose import delivery, processing
from localstack.services.firehose.models import Buffer, BufferedRecord, firehose_stores

LOG = logging.getLogger(__name__)


def moto_backend(account_id: str, region: str) -> Any:
    from moto.firehose.models import firehose_backends

    return firehose_backends[account_id][region]


def delivery_stream(account_id: str, region: str, name: str) -> Any:
    return moto_backend(account_id, region).delivery_streams.get(name)


def moto_in_use() -> bool:
    """Whether firehose's backend was ever built (the worker must not import moto at start-up)."""
    return "moto.firehose.models" in sys.modules


def _submit(delivery_fn: Any, *args: Any, synchronous: bool = False) -> None:
    from localstack.services import infra

    infra.current().dispatcher.submit(delivery_fn, *args, synchronous=synchronous)


def add_records(account_id: str, region: str, name: str, records: list[BufferedRecord]) -> None:
    """Buffer records of a delivery stream; hand the buffer to the dispatcher once it is full."""
    stream = delivery_stream(account_id, region, name)
    destination = delivery.s3_destination(stream) if stream else None
    if destination is None:
        # Only S3 destinations are buffered here; say so rather than lose records quietly.
        LOG.warning(
            "firehose %s: %d records not delivered (%s)",
            name,
            len(records),
            "the delivery stream is gone" if stream is None else "only S3 destinations are served",
        )
        return
    size_limit, interval = delivery.buffering_limits(destination)
    store = firehose_stores[account_id][region]
    with store.lock:
        buffer = store.buffers.setdefault(name, Buffer())
        buffer.records.extend(records)
        buffer.size += sum(len(record.data) for record in records)
        taken = buffer.take() if buffer.size >= size_limit or interval <= 0 else None
    if taken:
        _submit(deliver, account_id, region, name, taken)


def deliver(account_id: str, region: str, name: str, records: list[BufferedRecord]) -> None:
    """One buffer's worth: through the processing Lambda if configured, then to S3."""
    stream = delivery_stream(account_id, region, name)
    if stream is None:
        LOG.info("firehose %s was deleted: %d buffered records discarded", name, len(records))
        return
    destination = delivery.s3_destination(stream)
    if destination is None:
        return
    version = stream.version_id
    records, failures = processing.process(account_id, region, stream, destination, records)
    delivery.write_objects(account_id, region, name, version, destination, records)
    delivery.write_errors(account_id, region, name, version, destination, failures, "processing-failed")


def flush_due(now: float, force: bool = False) -> None:
    """Deliver every buffer whose interval has passed (every non-empty buffer if `force`)."""
    for store in list(firehose_stores.all()):
        due: list[tuple[str, list[BufferedRecord]]] = []
        with store.lock:
            for name, buffer in list(store.buffers.items()):
                if not buffer.records:
                    continue
                stream = delivery_stream(store.account_id, store.region, name)
                destination = delivery.s3_destination(stream) if stream else None
                if destination is None:
                    del store.buffers[name]
                    continue
                _, interval = delivery.buffering_limits(destination)
                if force or now - (buffer.oldest or now) >= interval:
                    due.append((name, buffer.take()))
        for name, records in due:
            if force:
                LOG.info("firehose %s: flushed %d buffered records on stop", name, len(records))
            _submit(deliver, store.account_id, store.region, name, records, synchronous=force)


def forget(account_id: str, region: str, name: str) -> None:
    """A deleted delivery stream: AWS discards what it had buffered."""
    store = firehose_stores[account_id][region]
    with store.lock:
        store.buffers.pop(name, None)
        store.sources.pop(name, None)


def forget_source(account_id: str, region: str, name: str) -> None:
    store = firehose_stores[account_id][region]
    with store.lock:
        store.sources.pop(name, None)
