"""EventBridge tagging as AWS documents it: only rules and event buses take tags (other ARNs are
refused), at most 50 tags per resource, no keys with the reserved `aws:` prefix, and AWS's model
limits on key and value lengths."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from tests.integration.error_support import client_error

NOT_TAGGABLE = "Parameter {} is not valid. Reason: Provided Arn is not in correct format."
RESERVED = "Invalid tag key: {}. Tag keys starting with 'aws:' are reserved for AWS use."


@pytest.fixture
def events(aws_client: Callable[..., Any]) -> Any:
    return aws_client("events")


@pytest.fixture
def rule_arn(events: Any, unique_name: Callable[[str], str], cleanup: list) -> str:
    name = unique_name("tags")
    arn = events.put_rule(Name=name, EventPattern='{"source": ["tags.test"]}')["RuleArn"]
    cleanup.append(lambda: events.delete_rule(Name=name))
    return arn


def test_only_rules_and_buses_take_tags(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    name = unique_name("conn")
    connection = events.create_connection(
        Name=name,
        AuthorizationType="API_KEY",
        AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "v"}},
    )["ConnectionArn"]
    cleanup.append(lambda: events.delete_connection(Name=name))
    archive_name = unique_name("arch")
    bus = events.describe_event_bus()["Arn"]
    archive = events.create_archive(ArchiveName=archive_name, EventSourceArn=bus)["ArchiveArn"]
    cleanup.append(lambda: events.delete_archive(ArchiveName=archive_name))
    for arn in (connection, archive, "arn:aws:sqs:us-east-1:000000000000:queue", "not-an-arn"):
        for call, extra in (
            (events.tag_resource, {"Tags": [{"Key": "k", "Value": "v"}]}),
            (events.untag_resource, {"TagKeys": ["k"]}),
            (events.list_tags_for_resource, {}),
        ):
            assert client_error(call, ResourceARN=arn, **extra) == (
                400,
                "ValidationException",
                NOT_TAGGABLE.format(arn),
            )


def test_reserved_prefix_is_refused(
    events: Any, rule_arn: str, unique_name: Callable[[str], str], cleanup: list
) -> None:
    for key in ("aws:team", "AWS:team", "Aws:x"):
        assert client_error(events.tag_resource, ResourceARN=rule_arn, Tags=[{"Key": key, "Value": "v"}]) == (
            400,
            "ValidationException",
            RESERVED.format(key),
        )
        assert client_error(events.untag_resource, ResourceARN=rule_arn, TagKeys=[key]) == (
            400,
            "ValidationException",
            RESERVED.format(key),
        )
    assert client_error(
        events.put_rule,
        Name=unique_name("r"),
        EventPattern='{"source": ["x"]}',
        Tags=[{"Key": "aws:x", "Value": "v"}],
    ) == (400, "ValidationException", RESERVED.format("aws:x"))
    bus = unique_name("bus")
    assert client_error(events.create_event_bus, Name=bus, Tags=[{"Key": "aws:x", "Value": "v"}]) == (
        400,
        "ValidationException",
        RESERVED.format("aws:x"),
    )
    # Nothing was made or tagged by the refused calls.
    assert events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"] == []
    assert client_error(events.describe_event_bus, Name=bus)[1] == "ResourceNotFoundException"
    # A key merely containing the prefix is a key like any other.
    events.tag_resource(ResourceARN=rule_arn, Tags=[{"Key": "team-aws:x", "Value": "v"}])
    assert events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"] == [
        {"Key": "team-aws:x", "Value": "v"}
    ]


def test_fifty_tags_per_resource(events: Any, rule_arn: str, unique_name: Callable[[str], str]) -> None:
    fifty = [{"Key": f"k{i}", "Value": "v"} for i in range(50)]
    events.tag_resource(ResourceARN=rule_arn, Tags=fifty[:30])
    # 30 held + 21 new would be 51: refused whole.
    more = [{"Key": f"n{i}", "Value": "v"} for i in range(21)]
    assert client_error(events.tag_resource, ResourceARN=rule_arn, Tags=more) == (
        400,
        "ValidationException",
        "A resource can have at most 50 tags; the request would leave 51.",
    )
    assert len(events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"]) == 30
    # Keys it already holds are overwritten, not counted twice.
    events.tag_resource(ResourceARN=rule_arn, Tags=fifty)
    assert len(events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"]) == 50
    assert client_error(events.create_event_bus, Name=unique_name("bus"), Tags=fifty + more[:1]) == (
        400,
        "ValidationException",
        "A resource can have at most 50 tags; the request would leave 51.",
    )


def test_key_and_value_lengths(events: Any, rule_arn: str) -> None:
    status, code, message = client_error(
        events.tag_resource, ResourceARN=rule_arn, Tags=[{"Key": "k" * 129, "Value": "v"}]
    )
    assert (status, code) == (400, "ValidationException")
    assert message == (
        f"1 validation error detected: Value '{'k' * 129}' at 'tags.1.member.key' failed to satisfy "
        "constraint: Member must have length less than or equal to 128"
    )
    status, code, message = client_error(
        events.tag_resource, ResourceARN=rule_arn, Tags=[{"Key": "k", "Value": "v" * 257}]
    )
    assert (status, code) == (400, "ValidationException")
    assert message.endswith(
        "at 'tags.1.member.value' failed to satisfy constraint: "
        "Member must have length less than or equal to 256"
    )
    events.tag_resource(ResourceARN=rule_arn, Tags=[{"Key": "k" * 128, "Value": "v" * 256}])


def test_our_own_services_may_set_reserved_tags(events: Any, rule_arn: str) -> None:
    """AWS's services tag resources with `aws:` keys (CloudFormation's stack tags): calls made by our own
    services, marked internal, are not refused."""

    def mark_internal(request: Any, **_: Any) -> None:
        request.headers["x-localstack-internal"] = "1"

    events.meta.events.register("before-sign.events.TagResource", mark_internal)
    try:
        events.tag_resource(
            ResourceARN=rule_arn, Tags=[{"Key": "aws:cloudformation:stack-name", "Value": "s"}]
        )
    finally:
        events.meta.events.unregister("before-sign.events.TagResource", mark_internal)
    assert events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"] == [
        {"Key": "aws:cloudformation:stack-name", "Value": "s"}
    ]
