"""EventBridge answers as recorded against AWS, third round: tag calls on missing rules and buses, tags
of re-created resources, the too-complex wildcard, and the event id a bus in another region or account
receives."""

from __future__ import annotations

import json
import time
from typing import Any, Callable

import pytest

from tests.integration.error_support import client_error
from tests.integration.queue_policy_support import EVENTS, allow_service

ACCOUNT = "000000000000"
OTHER_ACCOUNT = "111111111111"


@pytest.fixture
def events(aws_client: Callable[..., Any]) -> Any:
    return aws_client("events")


@pytest.mark.parametrize("kind", ["rule", "event-bus"])
def test_tag_calls_on_a_missing_resource_name_it(
    events: Any, unique_name: Callable[[str], str], kind: str
) -> None:
    name = unique_name("missing")
    arn = f"arn:aws:events:us-east-1:{ACCOUNT}:{kind}/{name}"
    expected = (
        f"Rule {name} does not exist on EventBus default."
        if kind == "rule"
        else f"Event bus {name} does not exist."
    )
    calls = (
        (events.tag_resource, {"Tags": [{"Key": "tag1", "Value": "value1"}]}),
        (events.list_tags_for_resource, {}),
        (events.untag_resource, {"TagKeys": ["tag1"]}),
    )
    for call, extra in calls:
        assert client_error(call, ResourceARN=arn, **extra) == (400, "ResourceNotFoundException", expected)


def test_a_deleted_and_recreated_rule_and_bus_have_no_tags(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    bus, rule = unique_name("bus"), unique_name("rule")
    bus_arn = events.create_event_bus(Name=bus, Tags=[{"Key": "tag1", "Value": "value1"}])["EventBusArn"]
    tags = [{"Key": "tag1", "Value": "value1"}]
    pattern = '{"source": ["x"]}'
    rule_arn = events.put_rule(Name=rule, EventBusName=bus, EventPattern=pattern, Tags=tags)["RuleArn"]
    events.delete_rule(Name=rule, EventBusName=bus)
    assert client_error(events.list_tags_for_resource, ResourceARN=rule_arn) == (
        400,
        "ResourceNotFoundException",
        f"Rule {rule} does not exist on EventBus {bus}.",
    )
    events.put_rule(Name=rule, EventBusName=bus, EventPattern='{"source": ["x"]}')
    assert events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"] == []
    events.delete_rule(Name=rule, EventBusName=bus)

    events.delete_event_bus(Name=bus)
    assert client_error(events.list_tags_for_resource, ResourceARN=bus_arn) == (
        400,
        "ResourceNotFoundException",
        f"Event bus {bus} does not exist.",
    )
    events.create_event_bus(Name=bus)
    cleanup.append(lambda: events.delete_event_bus(Name=bus))
    assert events.list_tags_for_resource(ResourceARN=bus_arn)["Tags"] == []


def test_a_wildcard_too_complex_is_refused(events: Any) -> None:
    pattern = json.dumps({"EventBusArn": [{"wildcard": "*:*:*:*:*:event-bus/*"}]})
    event = {
        "id": "1",
        "source": "test-source",
        "detail-type": "test-detail-type",
        "account": "123456789012",
        "region": "us-east-2",
        "time": "2022-07-13T13:48:01Z",
        "EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/myEventBus",
    }
    assert client_error(events.test_event_pattern, EventPattern=pattern, Event=json.dumps(event)) == (
        400,
        "InvalidEventPatternException",
        "Event pattern is not valid. Reason: Rule is too complex - try using fewer wildcard characters or "
        "fewer repeating character sequences after a wildcard character",
    )


def _queue(aws_client: Callable[..., Any], name: str, cleanup: list, **client: Any) -> tuple[Any, str, str]:
    sqs = aws_client("sqs", **client)
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    return sqs, url, allow_service(sqs, url, EVENTS)


def _one_event(sqs: Any, url: str) -> dict[str, Any]:
    end = time.monotonic() + 10
    while time.monotonic() < end:
        answer = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        messages = answer.get("Messages")
        if messages:
            assert len(messages) == 1
            return json.loads(messages[0]["Body"])
    raise AssertionError("no event arrived")


@pytest.mark.parametrize(
    ("region", "account", "same_id"),
    [("eu-west-1", ACCOUNT, False), ("us-east-1", OTHER_ACCOUNT, True), ("eu-west-1", OTHER_ACCOUNT, False)],
    ids=["region", "account", "region_account"],
)
def test_a_bus_elsewhere_gets_a_new_id_only_across_regions(
    aws_client: Callable[..., Any],
    unique_name: Callable[[str], str],
    cleanup: list,
    region: str,
    account: str,
    same_id: bool,
) -> None:
    """As recorded: the forwarded event keeps its source account and region; across regions, a new id."""
    other = {"region": region, "credentials": {"aws_access_key_id": account}}
    source_events, target_events = aws_client("events"), aws_client("events", **other)
    source_sqs, source_url, source_queue = _queue(aws_client, unique_name("src"), cleanup)
    target_sqs, target_url, target_queue = _queue(aws_client, unique_name("dst"), cleanup, **other)
    bus = unique_name("bus")
    bus_arn = target_events.create_event_bus(Name=bus)["EventBusArn"]
    cleanup.append(lambda: target_events.delete_event_bus(Name=bus))
    source = unique_name("source")
    for client, bus_name, targets in (
        (target_events, bus, [{"Id": "q", "Arn": target_queue}]),
        (source_events, "default", [{"Id": "q", "Arn": source_queue}, {"Id": "b", "Arn": bus_arn}]),
    ):
        rule = unique_name("rule")
        client.put_rule(Name=rule, EventBusName=bus_name, EventPattern=json.dumps({"source": [source]}))
        client.put_targets(Rule=rule, EventBusName=bus_name, Targets=targets)
        cleanup.append(lambda c=client, r=rule, b=bus_name: c.delete_rule(Name=r, EventBusName=b, Force=True))
    source_events.put_events(Entries=[{"Source": source, "DetailType": "t", "Detail": '{"a": 1}'}])

    first, forwarded = _one_event(source_sqs, source_url), _one_event(target_sqs, target_url)
    assert (forwarded["account"], forwarded["region"]) == (ACCOUNT, "us-east-1")
    assert (forwarded["id"] == first["id"]) is same_id


PRINTING_HANDLER = (
    "import json\n\n\ndef handler(event, context):\n"
    "    print('EVENT ' + json.dumps(event))\n"
    "    return {'statusCode': 200, 'body': '{}'}\n"
)


def test_an_api_gateway_target_is_called_with_the_input_and_source_headers(
    aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list, server: Any
) -> None:
    """As recorded: the REST API's Lambda proxy sees POST /test with the target's input as body and the
    rule named in X-Amz-Source-Account / X-Amz-Source-Arn."""
    import io
    import zipfile

    from tests.integration.apigw_helpers import RestApi, lambda_uri

    awslambda, logs, events = aws_client("lambda"), aws_client("logs"), aws_client("events")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("printer.py", PRINTING_HANDLER)
    name = unique_name("eb-apigw")
    function_arn = awslambda.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=f"arn:aws:iam::{ACCOUNT}:role/r",
        Handler="printer.handler",
        Code={"ZipFile": buffer.getvalue()},
    )["FunctionArn"]
    cleanup.append(lambda: awslambda.delete_function(FunctionName=name))
    awslambda.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.5})
    api = RestApi(aws_client("apigateway"), name, server.edge_port)
    cleanup.append(api.delete)
    api.integration(api.resource("/test"), "POST", "AWS_PROXY", lambda_uri(function_arn))
    api.deploy("test")

    rule, source = unique_name("rule"), unique_name("source")
    rule_arn = events.put_rule(Name=rule, EventPattern=json.dumps({"source": [source]}))["RuleArn"]
    cleanup.append(lambda: events.delete_rule(Name=rule, Force=True))
    target_arn = f"arn:aws:execute-api:us-east-1:{ACCOUNT}:{api.id}/test/POST/test"
    answer = events.put_targets(
        Rule=rule,
        Targets=[
            {"Id": "api", "Arn": target_arn, "Input": json.dumps({"message": "Hello from EventBridge"})}
        ],
    )
    assert (answer["FailedEntryCount"], answer["FailedEntries"]) == (0, [])
    events.put_events(Entries=[{"Source": source, "DetailType": "t", "Detail": "{}"}])

    seen: list[dict[str, Any]] = []
    end = time.monotonic() + 20
    while not seen and time.monotonic() < end:
        try:
            found = logs.filter_log_events(logGroupName=f"/aws/lambda/{name}")["events"]
        except logs.exceptions.ResourceNotFoundException:
            found = []
        seen = [json.loads(e["message"].split("EVENT ", 1)[1]) for e in found if "EVENT " in e["message"]]
        time.sleep(0.5)
    assert seen, "the API's function was not called"
    request = seen[0]
    assert (request["httpMethod"], request["resource"]) == ("POST", "/test")
    assert json.loads(request["body"]) == {"message": "Hello from EventBridge"}
    headers = request["headers"]
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Amz-Source-Account"] == ACCOUNT
    assert headers["X-Amz-Source-Arn"] == rule_arn
