"""Delivery streams with a Kinesis stream as source: a poller reads every shard (from LATEST at the
delivery stream's creation, then the children of closed shards) into the delivery stream's buffer."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from localstack.services.firehose import buffers
from localstack.services.firehose.models import BufferedRecord, KinesisSource, firehose_stores
from localstack.utils.aws.internal_client import connect_to

LOG = logging.getLogger(__name__)
SOURCE_TYPE = "KinesisStreamAsSource"


def _kinesis_for(stream_arn: str) -> Any:
    parts = stream_arn.split(":")
    return connect_to("kinesis", parts[4], parts[3])


def register(account_id: str, region: str, name: str, stream_arn: str) -> None:
    """Start reading the source stream at its current end, as AWS does for a new delivery stream."""
    kinesis = _kinesis_for(stream_arn)
    source = KinesisSource(stream_arn)
    for shard in kinesis.list_shards(StreamARN=stream_arn)["Shards"]:
        if "EndingSequenceNumber" in shard["SequenceNumberRange"]:
            continue
        source.iterators[shard["ShardId"]] = kinesis.get_shard_iterator(
            StreamARN=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST"
        )["ShardIterator"]
    store = firehose_stores[account_id][region]
    with store.lock:
        store.sources.setdefault(name, source)


def _discover() -> None:
    """Delivery streams made without our listener seeing them (e.g. by CloudFormation)."""
    from moto.firehose.models import firehose_backends

    for account_id, regions in list(firehose_backends.items()):
        for region, backend in list(regions.items()):
            known = firehose_stores[account_id][region].sources
            for name, stream in list(backend.delivery_streams.items()):
                arn = (stream.source or {}).get("KinesisStreamARN")
                if stream.delivery_stream_type == SOURCE_TYPE and arn and name not in known:
                    try:
                        register(account_id, region, name, arn)
                    except Exception as error:  # noqa: BLE001 - the source stream may not exist yet
                        LOG.debug("firehose %s: cannot read %s yet: %s", name, arn, error)


def _record(entry: dict, shard_id: str) -> BufferedRecord:
    arrival = entry["ApproximateArrivalTimestamp"].timestamp()
    return BufferedRecord(
        data=entry["Data"],
        arrival=arrival,
        record_id=secrets.token_hex(28),
        kinesis={
            "shardId": shard_id,
            "partitionKey": entry["PartitionKey"],
            "approximateArrivalTimestamp": int(arrival * 1000),
            "sequenceNumber": entry["SequenceNumber"],
            "subsequenceNumber": "",
        },
    )


def _poll_source(account_id: str, region: str, name: str, source: KinesisSource) -> None:
    kinesis = _kinesis_for(source.stream_arn)
    for shard_id, iterator in list(source.iterators.items()):
        try:
            page = kinesis.get_records(ShardIterator=iterator, Limit=10000)
        except Exception as error:  # noqa: BLE001 - a deleted source stream ends this source
            LOG.info("firehose %s: stopped reading %s: %s", name, source.stream_arn, error)
            buffers.forget_source(account_id, region, name)
            return
        if page["Records"]:
            buffers.add_records(account_id, region, name, [_record(r, shard_id) for r in page["Records"]])
        next_iterator = page.get("NextShardIterator")
        if next_iterator:
            source.iterators[shard_id] = next_iterator
            continue
        # A closed shard read to its end: continue with its children, each once.
        del source.iterators[shard_id]
        source.finished.add(shard_id)
        for child in page.get("ChildShards") or []:
            child_id = child["ShardId"]
            if child_id in source.iterators or child_id in source.finished:
                continue
            source.iterators[child_id] = kinesis.get_shard_iterator(
                StreamARN=source.stream_arn, ShardId=child_id, ShardIteratorType="TRIM_HORIZON"
            )["ShardIterator"]


def poll_all() -> None:
    """One pass over every delivery stream with a Kinesis source (called by the worker)."""
    _discover()
    for store in list(firehose_stores.all()):
        for name, source in list(store.sources.items()):
            if buffers.delivery_stream(store.account_id, store.region, name) is None:
                buffers.forget(store.account_id, store.region, name)
                continue
            _poll_source(store.account_id, store.region, name, source)
