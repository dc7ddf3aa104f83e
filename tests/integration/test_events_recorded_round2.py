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


def test_replays_are_listed_in_pages(events: Any, unique_name: Callable[[str], str], cleanup: list) -> None:
    """As recorded: six replays listed with Limit 3 come as two pages, the first with a NextToken."""
    import datetime

    bus = unique_name("bus")
    bus_arn = events.create_event_bus(Name=bus)["EventBusArn"]
    cleanup.append(lambda: events.delete_event_bus(Name=bus))
    archive = unique_name("archive")
    archive_arn = events.create_archive(ArchiveName=archive, EventSourceArn=bus_arn)["ArchiveArn"]
    cleanup.append(lambda: events.delete_archive(ArchiveName=archive))
    end = datetime.datetime.now(datetime.timezone.utc)
    prefix = unique_name("replay")
    for number in range(6):
        events.start_replay(
            ReplayName=f"{prefix}-test-replay-{number}",
            EventSourceArn=archive_arn,
            EventStartTime=end - datetime.timedelta(minutes=5),
            EventEndTime=end,
            Destination={"Arn": bus_arn},
        )
    first = events.list_replays(NamePrefix=prefix, Limit=3)
    assert [r["ReplayName"] for r in first["Replays"]] == [f"{prefix}-test-replay-{n}" for n in range(3)]
    second = events.list_replays(NamePrefix=prefix, Limit=3, NextToken=first["NextToken"])
    assert [r["ReplayName"] for r in second["Replays"]] == [f"{prefix}-test-replay-{n}" for n in range(3, 6)]
    assert "NextToken" not in second
    assert len(events.list_replays(NamePrefix=prefix)["Replays"]) == 6


def test_archives_and_connections_are_listed_in_pages(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    prefix = unique_name("paged")
    default_bus = events.describe_event_bus(Name="default")["Arn"]
    for number in range(3):
        name = f"{prefix}-{number}"
        events.create_archive(ArchiveName=name, EventSourceArn=default_bus)
        cleanup.append(lambda name=name: events.delete_archive(ArchiveName=name))
        events.create_connection(
            Name=name,
            AuthorizationType="BASIC",
            AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"}},
        )
        cleanup.append(lambda name=name: events.delete_connection(Name=name))
    for call, member, name_of in (
        (events.list_archives, "Archives", "ArchiveName"),
        (events.list_connections, "Connections", "Name"),
    ):
        first = call(NamePrefix=prefix, Limit=2)
        assert [entry[name_of] for entry in first[member]] == [f"{prefix}-0", f"{prefix}-1"]
        second = call(NamePrefix=prefix, Limit=2, NextToken=first["NextToken"])
        assert [entry[name_of] for entry in second[member]] == [f"{prefix}-2"]
        assert "NextToken" not in second
