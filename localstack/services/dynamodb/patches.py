"""Corrections to moto's dynamodb backend, applied by the starter before the backend is built."""


def apply() -> None:
    """Stream records as AWS writes them (see dynamodbstreams/stream_records.py): tables write them."""
    from localstack.services.dynamodbstreams import stream_records

    stream_records.apply()
