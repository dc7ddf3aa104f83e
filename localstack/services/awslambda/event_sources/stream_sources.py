"""Reading Kinesis streams and DynamoDB streams shard by shard, through their own APIs."""

from __future__ import annotations

from typing import Any

from localstack.services.awslambda.event_sources import events
from localstack.utils.aws.internal_client import connect_to


class StreamSource:
    """One stream's shards, iterators and records; subclasses speak one service."""

    batch_info_key = ""

    def __init__(self, stream_arn: str) -> None:
        self.stream_arn = stream_arn
        _, self.region, self.account, _ = events.arn_parts(stream_arn)

    def shard_ids(self) -> list[tuple[str, list[str]]]:
        """(shard id, parent shard ids) of every shard, open or closed."""
        raise NotImplementedError

    def iterator(
        self, shard_id: str, position: str, sequence: str | None = None, timestamp: Any = None
    ) -> str:
        raise NotImplementedError

    def records(self, iterator: str, limit: int) -> tuple[list[dict[str, Any]], str | None]:
        """(records, next iterator or None once a closed shard is read to its end)."""
        raise NotImplementedError

    def sequence_of(self, record: dict[str, Any]) -> str:
        raise NotImplementedError

    def arrival_of(self, record: dict[str, Any]) -> Any:
        raise NotImplementedError

    def event_record(self, record: dict[str, Any], shard_id: str, role_arn: str) -> dict[str, Any]:
        raise NotImplementedError


class KinesisSource(StreamSource):
    batch_info_key = "KinesisBatchInfo"

    def __init__(self, stream_arn: str) -> None:
        super().__init__(stream_arn)
        self.stream_name = stream_arn.split(":stream/", 1)[1]
        self.client = connect_to("kinesis", self.account, self.region)

    def shard_ids(self) -> list[tuple[str, list[str]]]:
        shards = self.client.describe_stream(StreamName=self.stream_name)["StreamDescription"]["Shards"]
        return [(shard["ShardId"], _parents(shard)) for shard in shards]

    def iterator(
        self, shard_id: str, position: str, sequence: str | None = None, timestamp: Any = None
    ) -> str:
        kwargs: dict[str, Any] = {
            "StreamName": self.stream_name,
            "ShardId": shard_id,
            "ShardIteratorType": position,
        }
        if sequence is not None:
            kwargs["StartingSequenceNumber"] = sequence
        if timestamp is not None:
            kwargs["Timestamp"] = timestamp
        return self.client.get_shard_iterator(**kwargs)["ShardIterator"]

    def records(self, iterator: str, limit: int) -> tuple[list[dict[str, Any]], str | None]:
        response = self.client.get_records(ShardIterator=iterator, Limit=limit)
        return response.get("Records") or [], response.get("NextShardIterator")

    def sequence_of(self, record: dict[str, Any]) -> str:
        return record["SequenceNumber"]

    def arrival_of(self, record: dict[str, Any]) -> Any:
        return record.get("ApproximateArrivalTimestamp")

    def event_record(self, record: dict[str, Any], shard_id: str, role_arn: str) -> dict[str, Any]:
        return events.kinesis_record(record, shard_id, self.stream_arn, role_arn)


class DynamoDBStreamSource(StreamSource):
    batch_info_key = "DDBStreamBatchInfo"

    def __init__(self, stream_arn: str) -> None:
        super().__init__(stream_arn)
        self.client = connect_to("dynamodbstreams", self.account, self.region)

    def shard_ids(self) -> list[tuple[str, list[str]]]:
        shards = self.client.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]
        return [(shard["ShardId"], _parents(shard)) for shard in shards]

    def iterator(
        self, shard_id: str, position: str, sequence: str | None = None, timestamp: Any = None
    ) -> str:
        kwargs: dict[str, Any] = {
            "StreamArn": self.stream_arn,
            "ShardId": shard_id,
            "ShardIteratorType": position,
        }
        if sequence is not None:
            kwargs["SequenceNumber"] = sequence
        return self.client.get_shard_iterator(**kwargs)["ShardIterator"]

    def records(self, iterator: str, limit: int) -> tuple[list[dict[str, Any]], str | None]:
        # DynamoDB Streams answers at most 1000 records per call.
        response = self.client.get_records(ShardIterator=iterator, Limit=min(limit, 1000))
        return response.get("Records") or [], response.get("NextShardIterator")

    def sequence_of(self, record: dict[str, Any]) -> str:
        return record["dynamodb"]["SequenceNumber"]

    def arrival_of(self, record: dict[str, Any]) -> Any:
        return record["dynamodb"].get("ApproximateCreationDateTime")

    def event_record(self, record: dict[str, Any], shard_id: str, role_arn: str) -> dict[str, Any]:
        return events.dynamodb_record(record, self.stream_arn)


def _parents(shard: dict[str, Any]) -> list[str]:
    return [shard[key] for key in ("ParentShardId", "AdjacentParentShardId") if shard.get(key)]


def source_for(stream_arn: str) -> StreamSource:
    service = events.arn_parts(stream_arn)[0]
    return KinesisSource(stream_arn) if service == "kinesis" else DynamoDBStreamSource(stream_arn)
