"""Corrections to moto's dynamodbstreams backend, applied by the starter before the backend is built."""


def apply() -> None:
    """Stream records and shard iterators as AWS has them (see stream_records.py)."""
    from localstack.services.dynamodbstreams import stream_records

    stream_records.apply()
