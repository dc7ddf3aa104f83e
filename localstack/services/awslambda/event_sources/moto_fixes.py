"""Corrections to moto that event source mappings need: mappings are served by our pollers, not by moto."""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_applied = False


def apply() -> None:
    """Idempotent; imports moto, so call it on the first mapping request, never at start-up."""
    global _applied
    with _lock:
        if _applied:
            return
        from moto.awslambda.models import LambdaBackend

        from localstack.services.dynamodbstreams import stream_records

        original = LambdaBackend.create_event_source_mapping

        def create_event_source_mapping(self: Any, spec: dict[str, Any]) -> Any:
            esm = original(self, spec)
            # moto registers the mapping on the queue, table or stream and then invokes the function
            # inline from SendMessage/PutItem/PutRecord (and empties the DynamoDB stream on success):
            # our pollers read the sources as AWS does instead.
            _detach(self.account_id, self.region_name, esm)
            return esm

        LambdaBackend.create_event_source_mapping = create_event_source_mapping
        stream_records.apply()
        _applied = True


def _detach(account_id: str, region: str, esm: Any) -> None:
    from moto.dynamodb.models import dynamodb_backends
    from moto.kinesis.models import kinesis_backends
    from moto.sqs.models import sqs_backends

    holders: list[Any] = []
    holders += list(sqs_backends[account_id][region].queues.values())
    holders += list(dynamodb_backends[account_id][region].tables.values())
    holders += list(kinesis_backends[account_id][region].streams.values())
    for holder in holders:
        mappings = getattr(holder, "lambda_event_source_mappings", None)
        if not mappings:
            continue
        for key in [key for key, value in mappings.items() if value is esm]:
            del mappings[key]
