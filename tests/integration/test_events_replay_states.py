"""Replay states (a finished replay cannot be cancelled: IllegalStatusException; a missing one is not found)
and exists matching on an intermediate node; event bus permissions and policies; sentence order."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def events(aws_client: Callable[..., Any]) -> Any:
    return aws_client("events")


def _error(call: Callable[..., Any], **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as error:
        call(**params)
    return error.value.response["Error"]["Code"], error.value.response["Error"]["Message"]


def test_a_completed_replay_cannot_be_cancelled(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    bus = events.describe_event_bus()["Arn"]
    archive = unique_name("archive")
    archive_arn = events.create_archive(ArchiveName=archive, EventSourceArn=bus)["ArchiveArn"]
    cleanup.append(lambda: events.delete_archive(ArchiveName=archive))
    replay = unique_name("replay")
    now = datetime.now(timezone.utc)
    started = events.start_replay(
        ReplayName=replay,
        EventSourceArn=archive_arn,
        EventStartTime=now - timedelta(hours=1),
        EventEndTime=now - timedelta(minutes=1),
        Destination={"Arn": bus},
    )
    assert started["State"] == "STARTING"
    deadline = time.monotonic() + 10
    while events.describe_replay(ReplayName=replay)["State"] != "COMPLETED":
        assert time.monotonic() < deadline
        time.sleep(0.1)

    assert _error(events.cancel_replay, ReplayName=replay) == (
        "IllegalStatusException",
        f"Replay {replay} is not in a valid state for this operation.",
    )
    assert events.describe_replay(ReplayName=replay)["State"] == "COMPLETED"
    assert _error(events.cancel_replay, ReplayName=unique_name("missing"))[0] == "ResourceNotFoundException"


def test_exists_on_an_intermediate_node_through_test_event_pattern(events: Any) -> None:
    import json

    event = {
        "id": "1",
        "account": "123456789012",
        "source": "s",
        "time": "2022-01-01T00:00:00Z",
        "region": "us-east-1",
        "detail-type": "t",
        "resources": [],
        "detail": {"c-count": {"c1": 100}},
    }
    for exists, expected in ((False, True), (True, False)):
        pattern = {"detail": {"c-count": [{"exists": exists}]}}
        answer = events.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(event))
        assert answer["Result"] is expected


def test_bus_permissions_add_statements_and_a_policy_replaces_them(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    import json

    bus = unique_name("bus")
    events.create_event_bus(Name=bus)
    cleanup.append(lambda: events.delete_event_bus(Name=bus))
    for sid in ("one", "two"):
        events.put_permission(
            EventBusName=bus, Action="events:PutEvents", Principal="111111111111", StatementId=sid
        )
    events.put_permission(EventBusName=bus, Action="events:PutEvents", Principal="*", StatementId="all")

    def sids() -> list[str]:
        policy = events.describe_event_bus(Name=bus).get("Policy")
        return [statement["Sid"] for statement in json.loads(policy)["Statement"]] if policy else []

    assert sids() == ["one", "two", "all"]
    replacement = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "service",
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "events:ListRules",
                "Resource": "*",
            }
        ],
    }
    events.put_permission(EventBusName=bus, Policy=json.dumps(replacement))
    assert sids() == ["service"]
    events.remove_permission(EventBusName=bus, RemoveAllPermissions=True)
    described = events.describe_event_bus(Name=bus)
    assert "Policy" not in described and "CreationTime" in described


def test_a_member_breaking_length_and_pattern_is_told_length_first(events: Any) -> None:
    name = "This should fail with two errors 123467890123412341234123412341234"
    with pytest.raises(ClientError) as info:
        events.create_connection(
            Name=name,
            AuthorizationType="INVALID",
            AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"}},
        )
    # As recorded against AWS (December 2024).
    assert info.value.response["Error"]["Message"] == (
        f"3 validation errors detected: Value '{name}' at 'name' failed to satisfy constraint: Member must "
        f"have length less than or equal to 64; Value '{name}' at 'name' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; Value 'INVALID' at "
        "'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: "
        "[BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]"
    )


def test_archive_size_bytes_counts_the_archived_entries(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    """SizeBytes grows with each archived event, by its PutEvents entry size (Source, DetailType,
    Detail, resources, and 14 bytes for its time), in DescribeArchive and ListArchives alike."""
    bus = unique_name("bus")
    bus_arn = events.create_event_bus(Name=bus)["EventBusArn"]
    cleanup.append(lambda: events.delete_event_bus(Name=bus))
    archive = unique_name("archive")
    events.create_archive(ArchiveName=archive, EventSourceArn=bus_arn, RetentionDays=1)
    cleanup.append(lambda: events.delete_archive(ArchiveName=archive))
    assert events.describe_archive(ArchiveName=archive)["SizeBytes"] == 0
    detail = '{"command": "update-account"}'
    entry = {"Source": "my.source", "DetailType": "my-type", "Detail": detail, "EventBusName": bus}
    for _ in range(3):
        assert events.put_events(Entries=[entry])["FailedEntryCount"] == 0
    one = len("my.source") + len("my-type") + len(detail) + 14
    deadline = time.time() + 5
    while events.describe_archive(ArchiveName=archive)["EventCount"] < 3 and time.time() < deadline:
        time.sleep(0.1)
    described = events.describe_archive(ArchiveName=archive)
    assert (described["EventCount"], described["SizeBytes"]) == (3, 3 * one)
    listed = events.list_archives(NamePrefix=archive)["Archives"][0]
    assert (listed["EventCount"], listed["SizeBytes"]) == (3, 3 * one)


def test_answers_carry_the_json_protocol_content_type(events: Any) -> None:
    """Every EventBridge answer is labelled application/x-amz-json-1.1, as AWS labels it (recorded)."""
    for answer in (events.list_rules(), events.describe_event_bus(), events.list_event_buses()):
        assert answer["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "application/x-amz-json-1.1"


def test_update_event_bus_changes_what_it_names_and_keeps_the_rest(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    bus = unique_name("bus")
    arn = events.create_event_bus(Name=bus, Description="first")["EventBusArn"]
    cleanup.append(lambda: events.delete_event_bus(Name=bus))
    dlq = {"Arn": "arn:aws:sqs:us-east-1:000000000000:dlq"}
    answer = events.update_event_bus(Name=bus, DeadLetterConfig=dlq)
    assert (answer["Arn"], answer["Name"]) == (arn, bus)
    assert answer["Description"] == "first" and answer["DeadLetterConfig"] == dlq
    events.update_event_bus(Name=bus, Description="second")
    described = events.describe_event_bus(Name=bus)
    assert described["Description"] == "second" and described["DeadLetterConfig"] == dlq
    assert _error(events.update_event_bus, Name="no-such-bus") == (
        "ResourceNotFoundException",
        "Event bus no-such-bus does not exist.",
    )
