"""EventBridge answers as AWS gives them, second round: DeleteEventBus of a bus that still has rules is
refused (its rules and the bus are kept), and of the default bus."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from tests.integration.error_support import client_error


@pytest.fixture
def events(aws_client: Callable[..., Any]) -> Any:
    return aws_client("events", legacy=True)


def test_a_bus_with_rules_is_not_deleted(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    bus = unique_name("bus")
    events.create_event_bus(Name=bus)
    cleanup.append(lambda: events.delete_event_bus(Name=bus))
    events.put_rule(Name="kept", EventBusName=bus, EventPattern='{"source": ["x"]}')
    cleanup.append(lambda: events.delete_rule(Name="kept", EventBusName=bus))

    # The API reference: "All rules associated with this event bus need to be deleted"; AWS's sentence.
    assert client_error(events.delete_event_bus, Name=bus) == (
        400,
        "ValidationException",
        "EventBus can't be deleted since it has rules.",
    )
    assert [rule["Name"] for rule in events.list_rules(EventBusName=bus)["Rules"]] == ["kept"]
    assert events.describe_event_bus(Name=bus)["Name"] == bus

    events.delete_rule(Name="kept", EventBusName=bus)
    events.delete_event_bus(Name=bus)
    assert bus not in [b["Name"] for b in events.list_event_buses(NamePrefix=bus)["EventBuses"]]


def test_the_default_bus_is_not_deleted(events: Any) -> None:
    assert client_error(events.delete_event_bus, Name="default") == (
        400,
        "ValidationException",
        "Cannot delete event bus default.",
    )
    assert events.describe_event_bus(Name="default")["Name"] == "default"
