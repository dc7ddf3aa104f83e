"""Corrections to moto's kinesis backend, applied by the starter before the backend is built.

moto numbers records 1, 2, 3... per shard, scans the whole shard on every put and read, is not safe
for concurrent puts, routes keys to closed shards after a split, copies (and redelivers) a parent's
records into its children on resharding, and never ends a closed shard. AWS does none of that.
CreateStream of an existing name answered the bare name as its message.
"""

from __future__ import annotations

import bisect
import threading
import time
from typing import Any

# AWS sequence numbers are 56 decimal digits starting with 49; ours are that long too:
# 49, then the arrival time in microseconds, then the shard index; the low digits count records
# that arrive within one microsecond.
_SEQUENCE_BASE = 49 * 10**54
_TIME_FACTOR = 10**20
_SHARD_FACTOR = 10**10
_MAX_HASH = 2**128 - 1
MAX_GET_RECORDS = 10000


def _sequence_candidate(shard_index: int) -> int:
    return _SEQUENCE_BASE + (time.time_ns() // 1000) * _TIME_FACTOR + shard_index * _SHARD_FACTOR


def apply() -> None:
    _patch_shard()
    _patch_stream()
    _patch_backend()
    _patch_responses()
    _patch_consumer_arn()


def _patch_shard() -> None:
    from moto.kinesis.models import Record, Shard

    original_init = Shard.__init__

    def __init__(self: Any, shard_id: int, *args: Any, **kwargs: Any) -> None:
        original_init(self, shard_id, *args, **kwargs)
        self.sequence_numbers: list[int] = []  # sorted, parallel to self.records
        self.starting_sequence = _sequence_candidate(shard_id)
        self.ending_sequence: int | None = None

    def put_record(self: Any, partition_key: str, data: str, explicit_hash_key: str) -> str:
        last = self.sequence_numbers[-1] if self.sequence_numbers else self.starting_sequence
        sequence = max(_sequence_candidate(self._shard_id), last + 1)
        self.records[sequence] = Record(partition_key, data, sequence, explicit_hash_key)
        self.sequence_numbers.append(sequence)
        return str(sequence)

    def get_records(self: Any, last_sequence_id: str, limit: int | None) -> tuple[list, int, int]:
        after = int(last_sequence_id)
        start = bisect.bisect_right(self.sequence_numbers, after)
        selected = self.sequence_numbers[start : start + (limit or MAX_GET_RECORDS)]
        records = [self.records[sequence] for sequence in selected]
        behind = 0
        if records:
            newest = self.records[self.sequence_numbers[-1]]
            behind = int((newest.created_at - records[-1].created_at) * 1000)
            after = selected[-1]
        return records, after, behind

    def get_min_sequence_number(self: Any) -> int:
        return self.starting_sequence

    def get_max_sequence_number(self: Any) -> int:
        return self.sequence_numbers[-1] if self.sequence_numbers else self.starting_sequence

    def get_sequence_number_at(self: Any, at_timestamp: Any) -> int:
        """The iterator position before the first record that arrived at or after the timestamp."""
        moment = at_timestamp.timestamp() if hasattr(at_timestamp, "timestamp") else float(at_timestamp)
        previous = self.starting_sequence
        for sequence in self.sequence_numbers:
            if self.records[sequence].created_at >= moment:
                break
            previous = sequence
        return previous

    def close(self: Any) -> None:
        self.is_open = False
        self.ending_sequence = max(self.get_max_sequence_number(), _sequence_candidate(self._shard_id))

    def to_json(self: Any) -> dict[str, Any]:
        result = original_to_json(self)
        if not self.is_open:
            result["SequenceNumberRange"]["EndingSequenceNumber"] = str(self.ending_sequence)
        return result

    original_to_json = Shard.to_json
    Shard.__init__ = __init__
    Shard.put_record = put_record
    Shard.get_records = get_records
    Shard.get_min_sequence_number = get_min_sequence_number
    Shard.get_max_sequence_number = get_max_sequence_number
    Shard.get_sequence_number_at = get_sequence_number_at
    Shard.close = close
    Shard.to_json = to_json


def _patch_stream() -> None:
    from operator import attrgetter

    from moto.kinesis.exceptions import InvalidArgumentError
    from moto.kinesis.models import Shard, Stream
    from moto.utilities.utils import md5_hash

    original_init = Stream.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        self.lock = threading.RLock()  # puts and resharding of one stream, from many request threads
        original_init(self, *args, **kwargs)

    def get_shard_for_key(self: Any, partition_key: str, explicit_hash_key: str | None) -> Any:
        if not isinstance(partition_key, str) or not 1 <= len(partition_key) <= 256:
            raise InvalidArgumentError("PartitionKey must be a string of 1 to 256 characters.")
        if explicit_hash_key:
            try:
                key = int(explicit_hash_key)
            except (TypeError, ValueError):
                key = -1
            if not 0 <= key <= _MAX_HASH:
                raise InvalidArgumentError(
                    f"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, {_MAX_HASH}]. "
                    f"Specified value was {explicit_hash_key}"
                )
        else:
            key = int(md5_hash(partition_key.encode("utf-8")).hexdigest(), 16)
        # Hash ranges include their ending key; only open shards take new records.
        for shard in self.shards.values():
            if shard.is_open and shard.starting_hash <= key <= shard.ending_hash:
                return shard
        raise InvalidArgumentError(f"No open shard of stream {self.stream_name} covers hash key {key}.")

    def put_record(self: Any, partition_key: str, explicit_hash_key: str, data: str) -> tuple[str, str]:
        # Only the record is written: Lambda event source mappings read the shards themselves.
        with self.lock:
            shard = self.get_shard_for_key(partition_key, explicit_hash_key)
            return shard.put_record(partition_key, data, explicit_hash_key), shard.shard_id

    def _next_index(self: Any) -> int:
        return max(self.shards.values(), key=attrgetter("_shard_id"))._shard_id + 1

    def split_shard(self: Any, shard_to_split: str, new_starting_hash_key: str) -> None:
        with self.lock:
            shard = self.shards[shard_to_split]
            new_start = int(new_starting_hash_key)
            if not shard.is_open:
                raise InvalidArgumentError(
                    f"Shard {shard.shard_id} in stream {self.stream_name} under account {self.account_id} "
                    "has already been merged or split, and thus is not eligible for merging or splitting."
                )
            # The sentence's own bounds, both exclusive (kinesalite's recordings refuse start + 1
            # and the ending key itself, and split at start + 2).
            if not shard.starting_hash + 1 < new_start < shard.ending_hash:
                raise InvalidArgumentError(
                    f"NewStartingHashKey {new_start} used in SplitShard() on shard {shard.shard_id} in "
                    f"stream {self.stream_name} under account {self.account_id} is not both greater than "
                    f"one plus the shard's StartingHashKey {shard.starting_hash} and less than the "
                    f"shard's EndingHashKey {shard.ending_hash}."
                )
            index = self._next_index()
            shard.close()  # its records stay readable there; the children start empty
            first = Shard(index, shard.starting_hash, new_start - 1, parent=shard.shard_id)
            second = Shard(index + 1, new_start, shard.ending_hash, parent=shard.shard_id)
            self.shards[first.shard_id] = first
            self.shards[second.shard_id] = second

    def merge_shards(self: Any, shard_to_merge: str, adjacent_shard_to_merge: str) -> None:
        with self.lock:
            first = self.shards[shard_to_merge]
            second = self.shards[adjacent_shard_to_merge]
            if not (first.is_open and second.is_open):
                closed = first if not first.is_open else second
                raise InvalidArgumentError(
                    f"Shard {closed.shard_id} in stream {self.stream_name} under account "
                    f"{self.account_id} has already been merged or split, and thus is not eligible "
                    "for merging or splitting."
                )
            # The shard to merge is the lower range: AWS refuses the pair given the other way round
            # (kinesalite's recording of "adjacency is inverted").
            low, high = first, second
            if low.ending_hash + 1 != high.starting_hash:
                raise InvalidArgumentError(
                    f"Shards {first.shard_id} and {second.shard_id} in stream {self.stream_name} under "
                    f"account {self.account_id} are not an adjacent pair of shards eligible for merging"
                )
            merged = Shard(
                self._next_index(),
                low.starting_hash,
                high.ending_hash,
                parent=first.shard_id,
                adjacent_parent=second.shard_id,
            )
            first.close()
            second.close()
            self.shards[merged.shard_id] = merged

    Stream.__init__ = __init__
    Stream.get_shard_for_key = get_shard_for_key
    Stream.put_record = put_record
    Stream._next_index = _next_index
    Stream.split_shard = split_shard
    Stream.merge_shards = merge_shards


def _patch_backend() -> None:
    from moto.kinesis.exceptions import InvalidArgumentError, ResourceNotFoundError
    from moto.kinesis.models import KinesisBackend
    from moto.kinesis.utils import compose_new_shard_iterator

    def get_shard_iterator(
        self: Any,
        stream_arn: str | None,
        stream_name: str | None,
        shard_id: str,
        shard_iterator_type: str,
        starting_sequence_number: str | None,
        at_timestamp: Any,
    ) -> str:
        stream = self.describe_stream(stream_arn=stream_arn, stream_name=stream_name)
        shard = stream.shards.get(shard_id)
        if shard is None:
            raise ResourceNotFoundError(
                f"Shard {shard_id} in stream {stream.stream_name} under account {self.account_id} "
                "does not exist"
            )
        if shard_iterator_type in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
            if not str(starting_sequence_number or "").isdigit():
                raise InvalidArgumentError(
                    f"StartingSequenceNumber {starting_sequence_number} used in GetShardIterator on "
                    f"shard {shard_id} in stream {stream.stream_name} under account {self.account_id} "
                    "is invalid."
                )
        if shard_iterator_type == "AT_TIMESTAMP" and at_timestamp is None:
            raise InvalidArgumentError(
                "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP."
            )
        # The iterator names the stream even when the caller named it by ARN (moto wrote "None").
        return compose_new_shard_iterator(
            stream.stream_name, shard, shard_iterator_type, starting_sequence_number, at_timestamp
        )

    KinesisBackend.get_shard_iterator = get_shard_iterator

    from moto.kinesis.exceptions import ResourceInUseError

    create_stream = KinesisBackend.create_stream

    def create_stream_once(self: Any, stream_name: str, *args: Any, **kwargs: Any) -> Any:
        # AWS's sentence, as users measured it live (moto answered the bare name).
        if stream_name in self.streams:
            raise ResourceInUseError(f"Stream {stream_name} under account {self.account_id} already exists.")
        return create_stream(self, stream_name, *args, **kwargs)

    KinesisBackend.create_stream = create_stream_once


def _patch_responses() -> None:
    from moto.core.responses import ActionResult
    from moto.kinesis.exceptions import InvalidArgumentError
    from moto.kinesis.responses import KinesisResponse
    from moto.kinesis.utils import decompose_shard_iterator

    def get_records(self: Any) -> Any:
        iterator = self._get_param("ShardIterator")
        limit = self._get_param("Limit")
        if limit is not None and not 1 <= int(limit) <= MAX_GET_RECORDS:
            raise InvalidArgumentError(f"Limit must be between 1 and {MAX_GET_RECORDS}, got {limit}.")
        try:
            stream_name, shard_id, _ = decompose_shard_iterator(iterator)
        except Exception:
            raise InvalidArgumentError(f"Invalid ShardIterator: {iterator}") from None
        backend = self.kinesis_backend
        next_iterator, records, behind = backend.get_records(self._get_param("StreamARN"), iterator, limit)
        result: dict[str, Any] = {
            "Records": [record.to_json() for record in records],
            "MillisBehindLatest": behind,
        }
        stream = backend.describe_stream(stream_arn=None, stream_name=stream_name)
        shard = stream.get_shard(shard_id)
        position = int(decompose_shard_iterator(next_iterator)[2])
        if not shard.is_open and position >= shard.get_max_sequence_number():
            # A closed shard read to its end: no next iterator, and the children to read next.
            result["ChildShards"] = [
                {
                    "ShardId": child.shard_id,
                    "ParentShards": [p for p in (child.parent, child.adjacent_parent) if p],
                    "HashKeyRange": {
                        "StartingHashKey": str(child.starting_hash),
                        "EndingHashKey": str(child.ending_hash),
                    },
                }
                for child in stream.shards.values()
                if shard.shard_id in (child.parent, child.adjacent_parent)
            ]
        else:
            result["NextShardIterator"] = next_iterator
        return ActionResult(result)

    KinesisResponse.get_records = get_records


def _patch_consumer_arn() -> None:
    """A consumer's ARN ends with its creation time in epoch seconds, as AWS documents it
    (`...:stream/mystream/consumer/myconsumer:1572035545`); moto leaves the time out."""
    import calendar

    from moto.kinesis.models import Consumer

    original_init = Consumer.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.consumer_arn = f"{self.consumer_arn}:{calendar.timegm(self.created.utctimetuple())}"

    Consumer.__init__ = __init__
