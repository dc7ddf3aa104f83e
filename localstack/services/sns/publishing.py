"""What Publish handed to moto, kept per request thread so the listener delivers it once moto answered."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

_local = threading.local()


@dataclass
class Published:
    """One accepted message: to a topic (`topic_arn`), a phone number, or a platform endpoint."""

    message_id: str
    message: str
    account_id: str
    region: str
    topic_arn: str | None = None
    phone_number: str | None = None
    endpoint_arn: str | None = None
    subject: str | None = None
    message_attributes: dict[str, Any] = field(default_factory=dict)
    group_id: str | None = None
    deduplication_id: str | None = None
    message_structure: str | None = None
    sequence_number: str | None = None
    # The publisher's X-Ray trace header, which SQS deliveries carry as their AWSTraceHeader.
    trace_header: str | None = None


def begin() -> None:
    """Forget what an earlier (failed) request on this thread left behind."""
    _local.items = []


def add(item: Published) -> None:
    items = getattr(_local, "items", None)
    if items is None:
        items = _local.items = []
    items.append(item)


def take() -> list[Published]:
    items = getattr(_local, "items", None) or []
    _local.items = []
    return items
