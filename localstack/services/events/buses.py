"""EventBridge bus operations moto lacks: UpdateEventBus (description, KMS key, dead-letter queue and
log configuration of an existing bus)."""

from __future__ import annotations

import time
from typing import Any

from localstack.utils.aws.errors import AWSError

# Members UpdateEventBus changes (AWS's API reference), with the bus attribute each is kept in.
UPDATABLE = {
    "Description": "description",
    "KmsKeyIdentifier": "kms_key_identifier",
    "DeadLetterConfig": "dead_letter_config",
    "LogConfig": "log_config",
}


def update_event_bus(params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    from moto.events.models import events_backends

    backend = events_backends[account][region]
    name = params.get("Name") or "default"
    bus = backend.event_buses.get(name)
    if bus is None:
        raise AWSError("ResourceNotFoundException", f"Event bus {name} does not exist.", 400)
    for member, attribute in UPDATABLE.items():
        if member in params:
            setattr(bus, attribute, params[member])
    bus.last_modified_time = time.time()
    answer: dict[str, Any] = {"Arn": bus.arn, "Name": bus.name}
    for member, attribute in UPDATABLE.items():
        value = getattr(bus, attribute, None)
        if value:
            answer[member] = value
    return answer


HANDLERS = {"UpdateEventBus": update_event_bus}
