"""The poller of one Kinesis or DynamoDB stream mapping: reads every shard in order, invokes with batches,
and retries a failed batch (bisecting it if asked) before reading further in that shard."""

from __future__ import annotations

import datetime
import logging
import threading
import time
import uuid as uuids
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from localstack.services.awslambda.event_sources import events, filtering
from localstack.services.awslambda.event_sources.invoker import Outcome, invoke, role_of, send_to_destination
from localstack.services.awslambda.event_sources.models import MappingStates
from localstack.services.awslambda.event_sources.stream_sources import StreamSource, source_for

LOG = logging.getLogger(__name__)

POLL_INTERVAL = 0.25  # seconds between reads of an idle stream
SHARD_REFRESH = 5.0  # seconds between looks for new shards
MAX_BACKOFF = 5.0


@dataclass
class Batch:
    records: list[dict[str, Any]]
    attempts: int = 0  # failed invocations so far
    retry_at: float = 0.0


@dataclass
class Shard:
    shard_id: str
    iterator: str | None
    parent_ids: list[str] = field(default_factory=list)
    pending: deque[Batch] = field(default_factory=deque)
    buffer: list[dict[str, Any]] = field(default_factory=list)  # records gathered in a batching window
    window_started: float = 0.0


class StreamPoller:
    def __init__(
        self,
        mapping: Any,
        state: MappingStates,
        cancelled: threading.Event,
        invoker: Callable[[str, dict[str, Any]], Outcome] = invoke,
        source: StreamSource | None = None,
    ) -> None:
        self.mapping = mapping  # moto's EventSourceMapping: updates change it in place
        self.state = state
        self.cancelled = cancelled
        self.invoker = invoker
        self.source = source or source_for(mapping.event_source_arn)
        self.shards: dict[str, Shard] = {}
        self.shards_listed_at = 0.0
        self.role_arn: str | None = None
        self._capture_latest()

    def _capture_latest(self) -> None:
        """A LATEST mapping reads what is written after it was created. Its creation takes the iterators;
        if the manager starts the poller before that, they are taken here, before the poller's thread runs
        (the mapping shows Enabled only once it runs), never at the thread's first read, which a loaded
        machine can delay past the caller's next write."""
        uuid = self.mapping.uuid
        if self.mapping.starting_position != "LATEST" or uuid in self.state.start_iterators:
            return
        if self.state.checkpoints.get(uuid):
            return  # re-enabled: it resumes from its checkpoints
        self.state.start_iterators[uuid] = {
            shard_id: self.source.iterator(shard_id, "LATEST") for shard_id, _ in self.source.shard_ids()
        }

    def run(self, stopped: threading.Event) -> None:
        while not (stopped.is_set() or self.cancelled.is_set()):
            try:
                worked = self.poll_once()
            except Exception as error:
                # A deleted stream or a passing failure: try again shortly, keeping the checkpoints.
                LOG.debug("Stream mapping %s: %s", self.mapping.uuid, error)
                self.shards.clear()
                self.shards_listed_at = 0.0
                worked = False
                self.cancelled.wait(1)
            if not worked:
                self.cancelled.wait(POLL_INTERVAL)

    def poll_once(self) -> bool:
        """One pass over every shard; True if a batch was delivered or retried."""
        if time.monotonic() - self.shards_listed_at > SHARD_REFRESH:
            self._refresh_shards()
        worked = False
        for shard in list(self.shards.values()):
            if self.cancelled.is_set():
                break
            worked |= self._poll_shard(shard)
        return worked

    def _refresh_shards(self) -> None:
        first = not self.shards
        checkpoints = self.state.checkpoints.setdefault(self.mapping.uuid, {})
        captured = self.state.start_iterators.get(self.mapping.uuid, {})
        for shard_id, parent_ids in self.source.shard_ids():
            if shard_id in self.shards:
                continue
            if shard_id in checkpoints:  # resume after re-enabling, as AWS keeps its checkpoints
                iterator = self.source.iterator(shard_id, "AFTER_SEQUENCE_NUMBER", checkpoints[shard_id])
            elif shard_id in captured:
                iterator = captured[shard_id]
            elif first:
                iterator = self._start_iterator(shard_id)
            else:  # a shard born after we started (resharding) holds only new records
                iterator = self.source.iterator(shard_id, "TRIM_HORIZON")
            self.shards[shard_id] = Shard(shard_id, iterator, parent_ids)
        self.shards_listed_at = time.monotonic()

    def _start_iterator(self, shard_id: str) -> str:
        position = self.mapping.starting_position or "TRIM_HORIZON"
        timestamp = self.mapping.starting_position_timestamp if position == "AT_TIMESTAMP" else None
        return self.source.iterator(shard_id, position, timestamp=timestamp)

    def _poll_shard(self, shard: Shard) -> bool:
        for parent in filter(None, (self.shards.get(parent_id) for parent_id in shard.parent_ids)):
            if parent.iterator is not None or parent.pending or parent.buffer:
                return False  # as AWS does: parent shards are read to their end before their children
        if shard.pending:
            batch = shard.pending[0]
            if time.monotonic() < batch.retry_at:
                return False
            self._deliver(shard, batch)
            return True
        batch_size = int(self.mapping.batch_size or 100)
        if shard.iterator is not None:
            records, shard.iterator = self.source.records(shard.iterator, batch_size - len(shard.buffer))
            if records and not shard.buffer:
                shard.window_started = time.monotonic()
            shard.buffer += records
        if not shard.buffer:
            return False
        window = float(self.mapping.max_batch_window or 0)
        full = len(shard.buffer) >= batch_size
        if not full and time.monotonic() - shard.window_started < window and shard.iterator is not None:
            return False
        batch = Batch(shard.buffer[:batch_size])
        shard.buffer = shard.buffer[batch_size:]
        shard.pending.append(batch)
        self._deliver(shard, batch)
        return True

    def _deliver(self, shard: Shard, batch: Batch) -> None:
        if self.role_arn is None:
            self.role_arn = role_of(self.mapping.function_arn)
        records = [self.source.event_record(r, shard.shard_id, self.role_arn) for r in batch.records]
        patterns = filtering.patterns_of(self.mapping.filter_criteria)
        passing = [i for i, record in enumerate(records) if filtering.record_passes(patterns, record)]
        if not passing:  # filtered out records are skipped, never retried
            self._done(shard, batch.records, "OK")
            shard.pending.popleft()
            return
        outcome = self.invoker(self.mapping.function_arn, {"Records": [records[i] for i in passing]})
        failed_from: int | None = None if outcome.ok else 0
        if outcome.ok and "ReportBatchItemFailures" in (self.mapping.function_response_types or []):
            sequences = [self.source.sequence_of(batch.records[i]) for i in passing]
            failed = events.batch_item_failures(outcome.payload, sequences)
            if failed is None:
                failed_from = 0
            elif failed:
                # AWS checkpoints what precedes the lowest failed record and retries from there.
                failed_from = passing[min(sequences.index(s) for s in failed)]
        if failed_from is None:
            self._done(shard, batch.records, "OK")
            shard.pending.popleft()
            return
        if failed_from:
            self._done(shard, batch.records[:failed_from], "OK")
            batch.records = batch.records[failed_from:]
        self._failed(shard, batch, outcome)

    def _failed(self, shard: Shard, batch: Batch, outcome: Outcome) -> None:
        self.state.last_results[self.mapping.uuid] = "PROBLEM: Function call failed"
        batch.attempts += 1
        if self.mapping.bisect_on_error and len(batch.records) > 1:
            # Split and retry each half at once; the halves carry the attempts made so far.
            half = len(batch.records) // 2
            shard.pending.popleft()
            shard.pending.appendleft(Batch(batch.records[half:], batch.attempts))
            shard.pending.appendleft(Batch(batch.records[:half], batch.attempts))
            return
        max_attempts = self.mapping.max_retry_attempts
        if max_attempts is not None and int(max_attempts) >= 0 and batch.attempts > int(max_attempts):
            LOG.info(
                "Stream mapping %s: retries exhausted, discarding %d records",
                self.mapping.uuid,
                len(batch.records),
            )
            self._on_failure(shard, batch, outcome)
            self._checkpoint(shard, batch.records)
            shard.pending.popleft()
            return
        batch.retry_at = time.monotonic() + min(MAX_BACKOFF, 0.25 * 2 ** (batch.attempts - 1))

    def _done(self, shard: Shard, records: list[dict[str, Any]], result: str) -> None:
        self.state.last_results[self.mapping.uuid] = result
        self._checkpoint(shard, records)

    def _checkpoint(self, shard: Shard, records: list[dict[str, Any]]) -> None:
        if records:
            checkpoints = self.state.checkpoints.setdefault(self.mapping.uuid, {})
            checkpoints[shard.shard_id] = self.source.sequence_of(records[-1])

    def _on_failure(self, shard: Shard, batch: Batch, outcome: Outcome) -> None:
        destination = ((self.mapping.destination_config or {}).get("OnFailure") or {}).get("Destination")
        if not destination:
            return
        first, last = batch.records[0], batch.records[-1]
        record = {
            "requestContext": {
                "requestId": str(uuids.uuid4()),
                "functionArn": self.mapping.function_arn,
                "condition": "RetryAttemptsExhausted",
                "approximateInvokeCount": batch.attempts,
            },
            "responseContext": {
                "statusCode": 200,
                "executedVersion": "$LATEST",
                "functionError": outcome.error or "Unhandled",
            },
            "version": "1.0",
            "timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds"),
            self.source.batch_info_key: {
                "shardId": shard.shard_id,
                "startSequenceNumber": self.source.sequence_of(first),
                "endSequenceNumber": self.source.sequence_of(last),
                "approximateArrivalOfFirstRecord": _iso(self.source.arrival_of(first)),
                "approximateArrivalOfLastRecord": _iso(self.source.arrival_of(last)),
                "batchSize": len(batch.records),
                "streamArn": self.mapping.event_source_arn,
            },
        }
        send_to_destination(destination, record)


def _iso(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="milliseconds")
    return value
