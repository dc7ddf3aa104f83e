"""Corrections to moto's dynamodbstreams backend, applied by the starter before the backend is built."""


def apply() -> None:
    """Stream records and shard iterators as AWS has them (see stream_records.py); streams and shards
    found by their ARN and id (stream_lookups.py)."""
    from localstack.services.dynamodbstreams import stream_lookups, stream_records

    stream_records.apply()
    stream_lookups.apply()
