"""Our own firehose state: records buffered per delivery stream, and the Kinesis shard positions of
delivery streams that read a Kinesis stream. moto's backend keeps the delivery streams themselves."""

from __future__ import annotations

from dataclasses import dataclass, field

from localstack.utils.aws.stores import AccountRegionStore, RegionStore


@dataclass
class BufferedRecord:
    data: bytes
    arrival: float  # epoch seconds, as the record arrived at the delivery stream
    record_id: str
    # Set for records read from a Kinesis stream (a processing Lambda sees them).
    kinesis: dict | None = None


@dataclass
class Buffer:
    records: list[BufferedRecord] = field(default_factory=list)
    size: int = 0

    @property
    def oldest(self) -> float | None:
        return self.records[0].arrival if self.records else None

    def take(self) -> list[BufferedRecord]:
        taken, self.records, self.size = self.records, [], 0
        return taken


@dataclass
class KinesisSource:
    """Where the poller is in each shard of the source stream: shard id -> next shard iterator."""

    stream_arn: str
    iterators: dict[str, str] = field(default_factory=dict)
    finished: set[str] = field(default_factory=set)  # closed shards read to their end


class FirehoseStore(RegionStore):
    def __init__(self) -> None:
        self.buffers: dict[str, Buffer] = {}
        self.sources: dict[str, KinesisSource] = {}


firehose_stores = AccountRegionStore(FirehoseStore)
