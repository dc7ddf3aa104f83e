"""EventBridge bus operations moto lacks or gets wrong: UpdateEventBus (description, KMS key, dead-letter
queue and log configuration of an existing bus), and DeleteEventBus of a bus that still has rules (moto
deleted the bus and left its rules behind)."""

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


def delete_event_bus(params: dict[str, Any], account: str, region: str) -> Any:
    """AWS refuses while rules remain (the API reference: "All rules associated with this event bus need
    to be deleted"; the sentence as AWS answers it to Terraform and SST users). The rest is moto's."""
    from moto.events.models import events_backends

    name = params.get("Name")
    if not isinstance(name, str) or name == "default":
        return True  # moto answers the default bus with AWS's sentence
    bus = events_backends[account][region].event_buses.get(name)
    if bus is not None and getattr(bus, "rules", None):
        raise AWSError("ValidationException", "EventBus can't be deleted since it has rules.", 400)
    return True


HANDLERS = {"UpdateEventBus": update_event_bus, "DeleteEventBus": delete_event_bus}
