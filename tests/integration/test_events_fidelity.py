"""EventBridge answers as AWS gives them: TestEventPattern for every operator (and AWS's messages for
invalid patterns), input transformers on nested keys, PutEvents to a bus that does not exist,
connections and API destinations (states, times, secret, messages), buses in another account, and
replay and tag errors."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

from tests.integration.queue_policy_support import EVENTS, allow_service

EVENT = {
    "id": "1",
    "account": "000000000000",
    "source": "shop.orders",
    "time": "2024-01-01T00:00:00Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:000000000000:instance/i-1"],
    "detail-type": "order",
    "detail": {
        "order": {"state": "shipped", "lines": [1, 2, 3], "total": 5.5},
        "ip": "10.0.0.5",
        "greeting": "Hello",
        "dotted.key": "dot",
        "items": [{"sku": "a"}, {"sku": "b"}],
        "nothing": None,
        "empty": "",
    },
}


@pytest.fixture
def events(aws_client: Callable[..., Any]) -> Any:
    return aws_client("events")


def error_of(call: Callable[..., Any], **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as error:
        call(**params)
    return error.value.response["Error"]


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ({"detail": {"order": {"state": [{"prefix": "sh"}]}}}, True),
        ({"detail": {"order": {"state": [{"prefix": "x"}]}}}, False),
        ({"detail": {"order": {"state": [{"prefix": {"equals-ignore-case": "SH"}}]}}}, True),
        ({"detail": {"order": {"state": [{"suffix": "ped"}]}}}, True),
        ({"detail": {"order": {"state": [{"suffix": {"equals-ignore-case": "PED"}}]}}}, True),
        ({"detail": {"greeting": [{"equals-ignore-case": "hello"}]}}, True),
        ({"detail": {"greeting": [{"equals-ignore-case": "bye"}]}}, False),
        ({"detail": {"order": {"state": [{"anything-but": "shipped"}]}}}, False),
        ({"detail": {"order": {"state": [{"anything-but": ["new", "paid"]}]}}}, True),
        ({"detail": {"order": {"state": [{"anything-but": {"prefix": "x"}}]}}}, True),
        ({"detail": {"order": {"state": [{"anything-but": {"prefix": ["x", "sh"]}}]}}}, False),
        ({"detail": {"order": {"state": [{"anything-but": {"suffix": "ped"}}]}}}, False),
        ({"detail": {"order": {"state": [{"anything-but": {"equals-ignore-case": ["SHIPPED"]}}]}}}, False),
        ({"detail": {"order": {"state": [{"anything-but": {"wildcard": "s*d"}}]}}}, False),
        ({"detail": {"order": {"lines": [{"anything-but": [1, 2, 3]}]}}}, False),
        ({"detail": {"order": {"lines": [{"numeric": [">", 2, "<=", 3]}]}}}, True),
        ({"detail": {"order": {"total": [{"numeric": ["=", 5.5]}]}}}, True),
        ({"detail": {"order": {"total": [{"numeric": ["<", 5]}]}}}, False),
        ({"detail": {"ip": [{"cidr": "10.0.0.0/24"}]}}, True),
        ({"detail": {"ip": [{"cidr": "11.0.0.0/24"}]}}, False),
        ({"detail": {"order": {"missing": [{"exists": True}]}}}, False),
        ({"detail": {"order": {"missing": [{"exists": False}]}}}, True),
        ({"detail": {"order": {"state": [{"exists": True}]}}}, True),
        ({"detail": {"order": [{"exists": True}]}}, False),  # an object is no leaf (user guide)
        ({"detail": {"dotted.key": ["dot"]}}, True),
        ({"detail": {"items": {"sku": ["b"]}}}, True),
        ({"detail": {"items": {"sku": ["c"]}}}, False),
        ({"detail": {"nothing": [None]}}, True),
        ({"detail": {"empty": [""]}}, True),
        ({"detail": {"order": {"state": [{"wildcard": "s*p*d"}]}}}, True),
        ({"$or": [{"source": ["no"]}, {"detail": {"greeting": ["Hello"]}}]}, True),
        ({"$or": [{"source": ["no"]}, {"detail": {"greeting": ["Bye"]}}]}, False),
        ({"detail": {"$or": [{"greeting": ["no"]}, {"order": {"state": ["shipped"]}}]}}, True),
        ({"resources": ["arn:aws:ec2:us-east-1:000000000000:instance/i-1"]}, True),
    ],
)
def test_test_event_pattern_operators(events: Any, pattern: dict, expected: bool) -> None:
    answer = events.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(EVENT))
    assert answer["Result"] is expected


@pytest.mark.parametrize(
    "pattern, reason",
    [
        (
            '{"a": [{"prefix": 1}]}',
            "prefix match pattern must be a string\n at [Source: (String)"
            '"{"a": [{"prefix": 1}]}"; line: 1, column: 20]',
        ),
        (
            '{"a": [{"exists": "yes"}]}',
            "exists match pattern must be either true or false.\n at [Source: (String)"
            '"{"a": [{"exists": "yes"}]}"; line: 1, column: 20]',
        ),
        (
            '{"a": [{"equals-ignore-case": 1}]}',
            "equals-ignore-case match pattern must be a string\n at [Source: (String)"
            '"{"a": [{"equals-ignore-case": 1}]}"; line: 1, column: 32]',
        ),
        ('{"a": [{"wildcard": "a**b"}]}', "Consecutive wildcard characters at pos 2"),
        (
            '{"a": [{"wildcard": 5}]}',
            "wildcard match pattern must be a string\n at [Source: (String)"
            '"{"a": [{"wildcard": 5}]}"; line: 1, column: 22]',
        ),
        ('{"a": [{"cidr": "10.0.0.1"}]}', "Malformed CIDR, one '/' required"),
        ('{"a": [{"cidr": "10.0.0.0/x"}]}', "Malformed CIDR, mask bits must be an integer"),
        (
            '{"a": [{"cidr": 5}]}',
            "prefix match pattern must be a string\n at [Source: (String)"
            '"{"a": [{"cidr": 5}]}"; line: 1, column: 18]',
        ),
        # Numeric refusals located as SNS filter policies (the same compiler) are recorded.
        (
            '{"a": [{"numeric": ["<", 1, ">", 2]}]}',
            "Too many elements in numeric expression\n at [Source: (String)"
            '"{"a": [{"numeric": ["<", 1, ">", 2]}]}"; line: 1, column: 30]',
        ),
        (
            '{"a": [{"numeric": [">", 5, "<", 1]}]}',
            "Bottom must be less than top\n at [Source: (String)"
            '"{"a": [{"numeric": [">", 5, "<", 1]}]}"; line: 1, column: 36]',
        ),
        (
            '{"a": [{"numeric": ["=", "x"]}]}',
            "Value of equals must be numeric\n at [Source: (String)"
            '"{"a": [{"numeric": ["=", "x"]}]}"; line: 1, column: 27]',
        ),
        (
            '{"a": [{"numeric": ["!", 1]}]}',
            "Unrecognized numeric range operator: !\n at [Source: (String)"
            '"{"a": [{"numeric": ["!", 1]}]}"; line: 1, column: 27]',
        ),
        (
            '{"a": [{"numeric": 5}]}',
            "Value of numeric must be an array.\n at [Source: (String)"
            '"{"a": [{"numeric": 5}]}"; line: 1, column: 21]',
        ),
        ('{"a": [{"anything-but": {"foo": "x"}}]}', "Unsupported anything-but pattern: foo"),
        (
            '{"a": [{"anything-but": {"prefix": 1}}]}',
            "prefix/suffix match pattern must be a string\n at [Source: (String)"
            '"{"a": [{"anything-but": {"prefix": 1}}]}"; line: 1, column: 37]',
        ),
        ('{"a": [{"anything-but": {"prefix": ""}}]}', "Null prefix/suffix not allowed"),
        (
            '{"a": [{"prefix": "x", "suffix": "y"}]}',
            "Only one key allowed in match expression\n at [Source: (String)"
            '"{"a": [{"prefix": "x", "suffix": "y"}]}"; line: 1, column: 35]',
        ),
        # Located where AWS's parser stood (recorded against AWS): an unknown operator just inside its
        # array value or just after its scalar one, a bad second numeric operator just after it, an
        # empty array just after its closing bracket.
        (
            '{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}',
            "Unrecognized match type NUMERIC\n at [Source: (String)"
            '"{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}"; line: 1, column: 36]',
        ),
        (
            '{"my_key": [{"EXISTS": true}]}',
            "Unrecognized match type EXISTS\n at [Source: (String)"
            '"{"my_key": [{"EXISTS": true}]}"; line: 1, column: 28]',
        ),
        (
            '{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}',
            "Bad numeric range operator: >\n at [Source: (String)"
            '"{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}"; line: 1, column: 49]',
        ),
        (
            '{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}',
            "Value of < must be numeric\n at [Source: (String)"
            '"{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}"; line: 1, column: 50]',
        ),
        (
            '{"resources": []}',
            'Empty arrays are not allowed\n at [Source: (String)"{"resources": []}"; line: 1, column: 17]',
        ),
        # Located where the parser read the value (a CDK user's AWS output: "line: 1, column: 56").
        (
            '{"a": "x"}',
            '"a" must be an object or an array\n at [Source: (String)"{"a": "x"}"; line: 1, column: 8]',
        ),
        (
            '{"source":["test.event-pattern"],"detail":{"lenderId":"LenderA"}}',
            '"lenderId" must be an object or an array\n at [Source: (String)'
            '"{"source":["test.event-pattern"],"detail":{"lenderId":"LenderA"}}"; line: 1, column: 56]',
        ),
        (
            '{"a": 12}',
            '"a" must be an object or an array\n at [Source: (String)"{"a": 12}"; line: 1, column: 9]',
        ),
        (
            '{"a": [[1]]}',
            "Match value must be String, number, true, false, or null\n at [Source: (String)"
            '"{"a": [[1]]}"; line: 1, column: 9]',
        ),
    ],
)
def test_invalid_patterns_get_aws_reason(events: Any, pattern: str, reason: str) -> None:
    error = error_of(events.test_event_pattern, EventPattern=pattern, Event=json.dumps(EVENT))
    assert error["Code"] == "InvalidEventPatternException"
    assert error["Message"] == f"Event pattern is not valid. Reason: {reason}"


# AWS passes its JSON parser's message through, with the place it stopped (recorded against AWS).
EXPECTING_VALUE = "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (
            "this is valid json but not a dict",
            f"Unrecognized token 'this': {EXPECTING_VALUE}\n at [Source: (String)"
            '"this is valid json but not a dict"; line: 1, column: 5]',
        ),
        (
            "{'bad': 'quotation'}",
            "Unexpected character (''' (code 39)): was expecting double-quote to start field name\n"
            " at [Source: (String)\"{'bad': 'quotation'}\"; line: 1, column: 2]",
        ),
        (
            '{"not": closed mark"',
            f"Unrecognized token 'closed': {EXPECTING_VALUE}\n at [Source: (String)"
            '"{"not": closed mark""; line: 1, column: 15]',
        ),
        (
            '["not", "a", "dict", "but valid json"]',
            "Filter is not an object\n at [Source: (String)"
            '"["not", "a", "dict", "but valid json"]"; line: 1, column: 2]',
        ),
    ],
)
def test_pattern_that_is_no_json_object_gets_located_reason(events: Any, pattern: str, reason: str) -> None:
    error = error_of(events.test_event_pattern, EventPattern=pattern, Event=json.dumps(EVENT))
    assert error["Code"] == "InvalidEventPatternException"
    assert error["Message"] == f"Event pattern is not valid. Reason: {reason}"


def _queue(aws_client: Callable[..., Any], name: str, cleanup: list, **client: Any) -> tuple[Any, str, str]:
    sqs = aws_client("sqs", **client)
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    return sqs, url, allow_service(sqs, url, EVENTS)


def _bodies(sqs: Any, url: str, count: int, deadline: float = 10.0) -> list[str]:
    bodies: list[str] = []
    end = time.monotonic() + deadline
    while len(bodies) < count and time.monotonic() < end:
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
            "Messages", []
        ):
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            bodies.append(message["Body"])
    return bodies


def _rule(events: Any, cleanup: list, name: str, pattern: dict, targets: list, bus: str = "default") -> str:
    arn = events.put_rule(Name=name, EventPattern=json.dumps(pattern), EventBusName=bus)["RuleArn"]
    cleanup.append(lambda: events.delete_rule(Name=name, EventBusName=bus))
    events.put_targets(Rule=name, EventBusName=bus, Targets=targets)
    cleanup.append(lambda: events.remove_targets(Rule=name, EventBusName=bus, Ids=[t["Id"] for t in targets]))
    return arn


def test_input_transformer_nested_keys_and_placeholders(
    events: Any, aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list
) -> None:
    sqs, url, queue_arn = _queue(aws_client, unique_name("eb"), cleanup)
    source = unique_name("src")
    paths = {
        "deep": "$.detail.order.state",
        "hyphen": "$.detail-type",
        "second": "$.detail.items[1].sku",
        "object": "$.detail.order",
        "quote": "$.detail.quote",
        "missing": "$.detail.nope",
    }
    template = (
        '{"deep": <deep>, "type": "<hyphen>", "second": <second>, "object": <object>, '
        '"text": "<quote> and <object>", "missing": <missing>, "rule": "<aws.events.rule-name>", '
        '"event": <aws.events.event.json>}'
    )
    targets = [
        {
            "Id": "json",
            "Arn": queue_arn,
            "InputTransformer": {"InputPathsMap": paths, "InputTemplate": template},
        },
        {
            "Id": "text",
            "Arn": queue_arn,
            "InputTransformer": {"InputPathsMap": paths, "InputTemplate": "<deep> <object> <missing>"},
        },
    ]
    rule = unique_name("r")
    _rule(events, cleanup, rule, {"source": [source]}, targets)
    detail = {
        "order": {"state": "shipped", "n": 1},
        "items": [{"sku": "a"}, {"sku": "b"}],
        "quote": 'say "hi"',
    }
    events.put_events(
        Entries=[{"Source": source, "DetailType": "order-placed", "Detail": json.dumps(detail)}]
    )
    bodies = _bodies(sqs, url, 2)
    text = next(body for body in bodies if not body.startswith("{"))
    assert text == 'shipped {"state":"shipped","n":1} '
    rendered = json.loads(next(body for body in bodies if body.startswith("{")))
    assert rendered["deep"] == "shipped" and rendered["type"] == "order-placed"
    assert rendered["second"] == "b" and rendered["object"] == {"state": "shipped", "n": 1}
    assert rendered["text"] == 'say "hi" and {"state":"shipped","n":1}'
    assert rendered["missing"] is None and rendered["rule"] == rule
    assert rendered["event"]["detail"] == detail and rendered["event"]["source"] == source


def test_input_template_placeholder_must_be_declared_or_predefined(
    events: Any, aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list
) -> None:
    _, _, queue_arn = _queue(aws_client, unique_name("eb"), cleanup)
    rule = unique_name("r")
    events.put_rule(Name=rule, EventPattern=json.dumps({"source": ["x"]}))
    cleanup.append(lambda: events.delete_rule(Name=rule))
    transformer = {"InputPathsMap": {"a": "$.detail"}, "InputTemplate": '{"x": <a>, "y": <b>}'}
    error = error_of(
        events.put_targets,
        Rule=rule,
        Targets=[{"Id": "t1", "Arn": queue_arn, "InputTransformer": transformer}],
    )
    assert error["Code"] == "ValidationException"
    assert error["Message"] == "InputTemplate for target t1 contains invalid placeholder b."
    predefined = "<aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time> <a>"
    transformer = {"InputPathsMap": {"a": "$.detail"}, "InputTemplate": predefined}
    answer = events.put_targets(
        Rule=rule, Targets=[{"Id": "t1", "Arn": queue_arn, "InputTransformer": transformer}]
    )
    cleanup.append(lambda: events.remove_targets(Rule=rule, Ids=["t1"]))
    assert answer["FailedEntryCount"] == 0


def test_put_events_to_missing_bus_is_accepted_and_dropped(
    events: Any, aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list
) -> None:
    sqs, url, queue_arn = _queue(aws_client, unique_name("eb"), cleanup)
    source = unique_name("src")
    _rule(events, cleanup, unique_name("r"), {"source": [source]}, [{"Id": "q", "Arn": queue_arn}])
    answer = events.put_events(
        Entries=[
            {"Source": source, "DetailType": "t", "Detail": '{"to": "default"}'},
            {
                "Source": source,
                "DetailType": "t",
                "Detail": '{"to": "nowhere"}',
                "EventBusName": unique_name("b"),
            },
        ]
    )
    assert answer["FailedEntryCount"] == 0
    assert all(entry.get("EventId") for entry in answer["Entries"])
    bodies = _bodies(sqs, url, 2, deadline=3.0)
    assert [json.loads(body)["detail"] for body in bodies] == [{"to": "default"}]


def test_put_events_limits_and_entry_errors(events: Any) -> None:
    entry = {"Source": "a", "DetailType": "t", "Detail": "{}"}
    error = error_of(events.put_events, Entries=[entry] * 11)
    assert error["Code"] == "ValidationException"
    # Recorded against AWS: each entry quoted with the two members AWS's own model adds.
    quoted = (
        "PutEventsRequestEntry(time=null, source=a, resources=null, detailType=t, detail={}, "
        "eventBusName=null, traceHeader=null, kmsKeyIdentifier=null, internalMetadata=null)"
    )
    assert error["Message"] == (
        f"1 validation error detected: Value '[{', '.join([quoted] * 11)}]' at 'entries' "
        "failed to satisfy constraint: Member must have length less than or equal to 10"
    )
    answer = events.put_events(
        Entries=[
            {"Source": "a", "DetailType": "t"},
            {"Source": "a", "Detail": "{}"},
            {"DetailType": "t", "Detail": "{}"},
        ]
    )
    assert answer["FailedEntryCount"] == 3
    assert [entry["ErrorMessage"] for entry in answer["Entries"]] == [
        "Parameter Detail is not valid. Reason: Detail is a required argument.",
        "Parameter DetailType is not valid. Reason: DetailType is a required argument.",
        "Parameter Source is not valid. Reason: Source is a required argument.",
    ]
    assert {entry["ErrorCode"] for entry in answer["Entries"]} == {"InvalidArgument"}


def test_connection_lifecycle(
    events: Any, aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list
) -> None:
    secrets = aws_client("secretsmanager")
    name = unique_name("conn")
    params = {"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "s3cret"}}
    created = events.create_connection(Name=name, AuthorizationType="API_KEY", AuthParameters=params)
    cleanup.append(lambda: events.delete_connection(Name=name))
    assert created["ConnectionState"] == "AUTHORIZED"
    assert created["CreationTime"] == created["LastModifiedTime"]
    described = events.describe_connection(Name=name)
    assert described["AuthParameters"] == {"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key"}}
    assert described["LastAuthorizedTime"] == described["CreationTime"]
    secret = json.loads(secrets.get_secret_value(SecretId=described["SecretArn"])["SecretString"])
    assert secret == {"api_key_name": "x-api-key", "api_key_value": "s3cret"}

    error = error_of(events.create_connection, Name=name, AuthorizationType="API_KEY", AuthParameters=params)
    assert (error["Code"], error["Message"]) == (
        "ResourceAlreadyExistsException",
        f"Connection {name} already exists.",
    )

    updated = events.update_connection(
        Name=name, AuthParameters={"ApiKeyAuthParameters": {"ApiKeyValue": "new"}}
    )
    assert (
        updated["ConnectionState"] == "AUTHORIZED"
        and updated["LastAuthorizedTime"] >= created["CreationTime"]
    )
    secret = json.loads(secrets.get_secret_value(SecretId=described["SecretArn"])["SecretString"])
    assert secret["api_key_value"] == "new"

    assert events.deauthorize_connection(Name=name)["ConnectionState"] == "DEAUTHORIZING"
    assert events.describe_connection(Name=name)["ConnectionState"] == "DEAUTHORIZED"
    listed = events.list_connections(NamePrefix=name)["Connections"]
    assert [(c["Name"], c["ConnectionState"]) for c in listed] == [(name, "DEAUTHORIZED")]

    assert events.delete_connection(Name=name)["ConnectionState"] == "DELETING"
    for call in (events.describe_connection, events.delete_connection):
        error = error_of(call, Name=name)
        assert error["Code"] == "ResourceNotFoundException"
        assert (
            error["Message"] == f"Failed to describe the connection(s). Connection '{name}' does not exist."
        )


def test_oauth_connection_starts_authorizing(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    name = unique_name("conn")
    created = events.create_connection(
        Name=name,
        AuthorizationType="OAUTH_CLIENT_CREDENTIALS",
        AuthParameters={
            "OAuthParameters": {
                "ClientParameters": {"ClientID": "id", "ClientSecret": "secret"},
                "AuthorizationEndpoint": "https://auth.example.com/token",
                "HttpMethod": "POST",
            }
        },
    )
    cleanup.append(lambda: events.delete_connection(Name=name))
    assert created["ConnectionState"] == "AUTHORIZING"
    # Recorded against AWS: LastAuthorizedTime is shown while the connection is still authorizing.
    assert events.describe_connection(Name=name)["LastAuthorizedTime"]
    shown = events.describe_connection(Name=name)["AuthParameters"]["OAuthParameters"]
    assert shown["ClientParameters"] == {"ClientID": "id"}


def test_api_destination_states_and_errors(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    connection = unique_name("conn")
    connection_arn = events.create_connection(
        Name=connection,
        AuthorizationType="BASIC",
        AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"}},
    )["ConnectionArn"]
    cleanup.append(lambda: events.delete_connection(Name=connection))
    name = unique_name("dest")
    created = events.create_api_destination(
        Name=name,
        ConnectionArn=connection_arn,
        InvocationEndpoint="https://example.com/hook",
        HttpMethod="POST",
    )
    cleanup.append(lambda: events.delete_api_destination(Name=name))
    assert created["ApiDestinationState"] == "ACTIVE"
    described = events.describe_api_destination(Name=name)
    assert described["InvocationRateLimitPerSecond"] == 300
    assert described["ConnectionArn"] == connection_arn

    error = error_of(
        events.create_api_destination,
        Name=name,
        ConnectionArn=connection_arn,
        InvocationEndpoint="https://example.com",
        HttpMethod="POST",
    )
    assert (error["Code"], error["Message"]) == (
        "ResourceAlreadyExistsException",
        f"An api-destination '{name}' already exists.",
    )
    missing = connection_arn.replace(f"connection/{connection}/", "connection/nope/")
    error = error_of(
        events.create_api_destination,
        Name=unique_name("dest"),
        ConnectionArn=missing,
        InvocationEndpoint="https://example.com",
        HttpMethod="POST",
    )
    assert error["Message"] == "Failed to describe the connection(s). Connection 'nope' does not exist."

    updated = events.update_api_destination(Name=name, InvocationRateLimitPerSecond=10)
    assert updated["LastModifiedTime"] >= updated["CreationTime"]
    assert events.describe_api_destination(Name=name)["InvocationRateLimitPerSecond"] == 10

    events.deauthorize_connection(Name=connection)
    assert events.describe_api_destination(Name=name)["ApiDestinationState"] == "INACTIVE"

    events.delete_api_destination(Name=name)
    for call in (events.describe_api_destination, events.delete_api_destination):
        error = error_of(call, Name=name)
        assert error["Code"] == "ResourceNotFoundException"
        assert error["Message"] == (
            f"Failed to describe the api-destination(s). An api-destination '{name}' does not exist."
        )


def test_bus_in_other_account_gets_source_account_and_region(
    aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list
) -> None:
    other = {"credentials": {"aws_access_key_id": "111111111111"}}
    source_events = aws_client("events")
    target_events = aws_client("events", region="eu-west-1", **other)
    bus = unique_name("bus")
    bus_arn = target_events.create_event_bus(Name=bus)["EventBusArn"]
    cleanup.append(lambda: target_events.delete_event_bus(Name=bus))
    assert ":eu-west-1:111111111111:" in bus_arn
    sqs, url, queue_arn = _queue(aws_client, unique_name("eb"), cleanup, region="eu-west-1", **other)
    source = unique_name("src")
    _rule(
        target_events,
        cleanup,
        unique_name("r"),
        {"source": [source]},
        [{"Id": "q", "Arn": queue_arn}],
        bus=bus,
    )
    _rule(source_events, cleanup, unique_name("r"), {"source": [source]}, [{"Id": "b", "Arn": bus_arn}])
    source_events.put_events(Entries=[{"Source": source, "DetailType": "t", "Detail": '{"hop": 1}'}])
    bodies = _bodies(sqs, url, 1)
    assert len(bodies) == 1
    event = json.loads(bodies[0])
    assert (event["account"], event["region"]) == ("000000000000", "us-east-1")
    assert event["detail"] == {"hop": 1}


def test_replay_and_tag_errors(events: Any, unique_name: Callable[[str], str], cleanup: list) -> None:
    default_bus = "arn:aws:events:us-east-1:000000000000:event-bus/default"
    archive = unique_name("archive")
    archive_arn = events.create_archive(ArchiveName=archive, EventSourceArn=default_bus)["ArchiveArn"]
    cleanup.append(lambda: events.delete_archive(ArchiveName=archive))
    when = datetime.now(timezone.utc) - timedelta(minutes=10)
    for start, end in ((when, when), (when, when - timedelta(minutes=1))):
        error = error_of(
            events.start_replay,
            ReplayName=unique_name("replay"),
            EventSourceArn=archive_arn,
            EventStartTime=start,
            EventEndTime=end,
            Destination={"Arn": default_bus},
        )
        assert error["Code"] == "ValidationException"
        assert error["Message"] == (
            "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime."
        )
    error = error_of(
        events.start_replay,
        ReplayName=unique_name("replay"),
        EventSourceArn=archive_arn.replace(archive, "nope"),
        EventStartTime=when - timedelta(hours=1),
        EventEndTime=when,
        Destination={"Arn": default_bus},
    )
    assert error["Message"] == "Parameter EventSourceArn is not valid. Reason: Archive nope does not exist."
    error = error_of(events.describe_replay, ReplayName="nope")
    assert (error["Code"], error["Message"]) == ("ResourceNotFoundException", "Replay nope does not exist.")

    rule = unique_name("r")
    rule_arn = events.put_rule(
        Name=rule, EventPattern='{"source": ["x"]}', Tags=[{"Key": "k", "Value": "v"}]
    )["RuleArn"]
    assert events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"] == [{"Key": "k", "Value": "v"}]
    events.delete_rule(Name=rule)
    error = error_of(events.list_tags_for_resource, ResourceARN=rule_arn)
    assert (error["Code"], error["Message"]) == (
        "ResourceNotFoundException",
        f"Rule {rule} does not exist on EventBus default.",
    )


def test_put_events_total_size_limit(events: Any) -> None:
    big = json.dumps({"data": "x" * (256 * 1024)})
    error = error_of(events.put_events, Entries=[{"Source": "a", "DetailType": "t", "Detail": big}])
    assert (error["Code"], error["Message"]) == (
        "ValidationException",
        "Total size of the entries in the request is over the limit.",
    )
    half = json.dumps({"data": "x" * (130 * 1024)})
    error = error_of(events.put_events, Entries=[{"Source": "a", "DetailType": "t", "Detail": half}] * 2)
    assert error["Code"] == "ValidationException"
    assert (
        events.put_events(Entries=[{"Source": "a", "DetailType": "t", "Detail": half}])["FailedEntryCount"]
        == 0
    )


def test_put_events_refuses_the_aws_source_namespace(events: Any) -> None:
    answer = events.put_events(
        Entries=[
            {"Source": "aws.ec2", "DetailType": "d", "Detail": "{}"},
            {"Source": "my.app", "DetailType": "d", "Detail": "{}"},
        ]
    )
    assert answer["FailedEntryCount"] == 1
    assert answer["Entries"][0] == {
        "ErrorCode": "NotAuthorizedForSourceException",
        "ErrorMessage": "Not authorized for the source.",
    }
    assert answer["Entries"][1]["EventId"]


def test_a_rule_takes_at_most_five_targets(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    name = unique_name("r")
    events.put_rule(Name=name, EventPattern='{"source": ["my.app"]}')
    cleanup.append(lambda: events.delete_rule(Name=name))
    cleanup.append(lambda: events.remove_targets(Rule=name, Ids=[str(i) for i in range(5)]))
    arn = "arn:aws:sqs:us-east-1:000000000000:q"
    targets = [{"Id": str(i), "Arn": arn} for i in range(5)]
    assert events.put_targets(Rule=name, Targets=targets)["FailedEntryCount"] == 0
    # Replacing a target by its Id keeps five.
    assert events.put_targets(Rule=name, Targets=[{"Id": "0", "Arn": arn + "2"}])["FailedEntryCount"] == 0
    assert error_of(events.put_targets, Rule=name, Targets=[{"Id": "5", "Arn": arn}]) == {
        "Code": "LimitExceededException",
        "Message": "The requested resource exceeds the maximum number allowed.",
    }
    assert len(events.list_targets_by_rule(Rule=name)["Targets"]) == 5


def _basic_connection(events: Any, unique_name: Callable[[str], str], cleanup: list) -> str:
    name = unique_name("conn")
    arn = events.create_connection(
        Name=name,
        AuthorizationType="BASIC",
        AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"}},
    )["ConnectionArn"]
    cleanup.append(lambda: events.delete_connection(Name=name))
    return arn


@pytest.mark.parametrize("endpoint", ["http://example.com/hook", "ftp://example.com/hook"])
def test_api_destination_endpoint_must_use_https(
    events: Any, unique_name: Callable[[str], str], cleanup: list, endpoint: str
) -> None:
    connection_arn = _basic_connection(events, unique_name, cleanup)
    error = error_of(
        events.create_api_destination,
        Name=unique_name("dest"),
        ConnectionArn=connection_arn,
        InvocationEndpoint=endpoint,
        HttpMethod="POST",
    )
    assert (error["Code"], error["Message"]) == (
        "ValidationException",
        f"Invalid InvocationEndpoint '{endpoint}'. The endpoint must use HTTPS.",
    )
    name = unique_name("dest")
    events.create_api_destination(
        Name=name, ConnectionArn=connection_arn, InvocationEndpoint="https://example.com", HttpMethod="POST"
    )
    cleanup.append(lambda: events.delete_api_destination(Name=name))
    error = error_of(events.update_api_destination, Name=name, InvocationEndpoint=endpoint)
    assert error["Code"] == "ValidationException"
    assert events.describe_api_destination(Name=name)["InvocationEndpoint"] == "https://example.com"


@pytest.mark.parametrize(
    "endpoint", ["http://localhost:3000/hook", "http://127.0.0.1:8080/x", "http://host.docker.internal/x"]
)
def test_api_destination_keeps_plain_http_to_this_machine(
    events: Any, unique_name: Callable[[str], str], cleanup: list, endpoint: str
) -> None:
    connection_arn = _basic_connection(events, unique_name, cleanup)
    name = unique_name("dest")
    events.create_api_destination(
        Name=name, ConnectionArn=connection_arn, InvocationEndpoint=endpoint, HttpMethod="POST"
    )
    cleanup.append(lambda: events.delete_api_destination(Name=name))
    assert events.describe_api_destination(Name=name)["InvocationEndpoint"] == endpoint


def test_oauth_authorization_endpoint_must_use_https(events: Any, unique_name: Callable[[str], str]) -> None:
    error = error_of(
        events.create_connection,
        Name=unique_name("conn"),
        AuthorizationType="OAUTH_CLIENT_CREDENTIALS",
        AuthParameters={
            "OAuthParameters": {
                "ClientParameters": {"ClientID": "id", "ClientSecret": "secret"},
                "AuthorizationEndpoint": "http://auth.example.com/token",
                "HttpMethod": "POST",
            }
        },
    )
    assert (error["Code"], error["Message"]) == (
        "ValidationException",
        "Invalid AuthorizationEndpoint 'http://auth.example.com/token'. The endpoint must use HTTPS.",
    )


def test_api_destination_endpoint_pattern(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    connection_arn = _basic_connection(events, unique_name, cleanup)
    error = error_of(
        events.create_api_destination,
        Name=unique_name("dest"),
        ConnectionArn=connection_arn,
        InvocationEndpoint="https://example.com/a b",
        HttpMethod="POST",
    )
    assert error["Code"] == "ValidationException"
    assert error["Message"].startswith(
        "1 validation error detected: Value 'https://example.com/a b' at 'invocationEndpoint' failed to "
        "satisfy constraint: Member must satisfy regular expression pattern: "
    )


def test_api_destination_validation_lists_methods_in_aws_order(
    events: Any, unique_name: Callable[[str], str]
) -> None:
    error = error_of(
        events.create_api_destination,
        Name=unique_name("dest"),
        ConnectionArn="invalid-connection-arn",
        InvocationEndpoint="https://example.com/api",
        HttpMethod="INVALID_METHOD",
    )
    assert (error["Code"], error["Message"]) == (
        "ValidationException",
        "2 validation errors detected: Value 'invalid-connection-arn' at 'connectionArn' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: "
        "^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection\\/[\\.\\-_A-Za-z0-9]+\\/"
        "[\\-A-Za-z0-9]+$; Value 'INVALID_METHOD' at 'httpMethod' failed to satisfy constraint: Member must "
        "satisfy enum value set: [HEAD, POST, PATCH, DELETE, PUT, GET, OPTIONS]",
    )


def test_missing_rule_and_statement_in_aws_words(events: Any, unique_name: Callable[[str], str]) -> None:
    """As recorded against AWS: a missing rule names its bus; an unknown statement is reported as such
    whether or not the bus has a policy."""
    bus = unique_name("bus")
    events.create_event_bus(Name=bus)
    try:
        for name, bus_name in (("no-such-rule", "default"), ("no-such-rule", bus)):
            for call in (events.describe_rule, events.list_targets_by_rule):
                arguments = {"Name": name} if call == events.describe_rule else {"Rule": name}
                error = error_of(call, EventBusName=bus_name, **arguments)
                assert (error["Code"], error["Message"]) == (
                    "ResourceNotFoundException",
                    f"Rule {name} does not exist on EventBus {bus_name}.",
                )
        for bus_name in ("default", bus):
            error = error_of(events.remove_permission, StatementId="no-such-statement", EventBusName=bus_name)
            assert (error["Code"], error["Message"]) == (
                "ResourceNotFoundException",
                "Statement with the provided id does not exist.",
            )
    finally:
        events.delete_event_bus(Name=bus)


def test_tags_of_missing_rules_and_buses(events: Any, unique_name: Callable[[str], str]) -> None:
    """As recorded against AWS: the missing rule is named with its bus, a missing bus as a bus, and a
    rule made again under a deleted one's name has no tags."""
    bus = unique_name("bus")
    events.create_event_bus(Name=bus)
    prefix = "arn:aws:events:us-east-1:000000000000"
    try:
        rule_arn = events.put_rule(
            Name="tagged",
            EventBusName=bus,
            EventPattern='{"source": ["x"]}',
            Tags=[{"Key": "a", "Value": "b"}],
        )["RuleArn"]
        assert events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"] == [{"Key": "a", "Value": "b"}]
        events.delete_rule(Name="tagged", EventBusName=bus)
        cases = [
            (rule_arn, f"Rule tagged does not exist on EventBus {bus}."),
            (f"{prefix}:rule/missing", "Rule missing does not exist on EventBus default."),
            (f"{prefix}:event-bus/missing-bus", "Event bus missing-bus does not exist."),
        ]
        for arn, message in cases:
            for call, arguments in (
                (events.tag_resource, {"Tags": [{"Key": "a", "Value": "b"}]}),
                (events.untag_resource, {"TagKeys": ["a"]}),
                (events.list_tags_for_resource, {}),
            ):
                error = error_of(call, ResourceARN=arn, **arguments)
                assert (error["Code"], error["Message"]) == ("ResourceNotFoundException", message)
        again = events.put_rule(Name="tagged", EventBusName=bus, EventPattern='{"source": ["x"]}')["RuleArn"]
        assert events.list_tags_for_resource(ResourceARN=again)["Tags"] == []
        events.delete_rule(Name="tagged", EventBusName=bus)
    finally:
        events.delete_event_bus(Name=bus)


def test_archive_pattern_is_checked_as_a_rule_pattern(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    default_bus = "arn:aws:events:us-east-1:000000000000:event-bus/default"
    archive = unique_name("archive")
    error = error_of(
        events.create_archive,
        ArchiveName=archive,
        EventSourceArn=default_bus,
        EventPattern='{"source": "x"}',
    )
    assert error["Code"] == "InvalidEventPatternException"
    assert error["Message"] == (
        'Event pattern is not valid. Reason: "source" must be an object or an array\n'
        ' at [Source: (String)"{"source": "x"}"; line: 1, column: 13]'
    )
    events.create_archive(ArchiveName=archive, EventSourceArn=default_bus, EventPattern='{"source": ["x"]}')
    cleanup.append(lambda: events.delete_archive(ArchiveName=archive))
    error = error_of(events.update_archive, ArchiveName=archive, EventPattern='{"source": [{"prefix": 1}]}')
    assert error["Code"] == "InvalidEventPatternException"
    assert error["Message"] == (
        "Event pattern is not valid. Reason: prefix match pattern must be a string\n"
        ' at [Source: (String)"{"source": [{"prefix": 1}]}"; line: 1, column: 25]'
    )


def test_list_archives_of_a_bus_that_does_not_exist(events: Any) -> None:
    error = error_of(
        events.list_archives, EventSourceArn="arn:aws:events:us-east-1:000000000000:event-bus/nope"
    )
    assert error["Code"] == "ResourceNotFoundException"
    assert error["Message"] == "Event bus nope does not exist."
    default_bus = "arn:aws:events:us-east-1:000000000000:event-bus/default"
    assert isinstance(events.list_archives(EventSourceArn=default_bus)["Archives"], list)


def test_list_targets_by_rule_pages_targets_sharing_an_arn(
    events: Any, aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list
) -> None:
    _, _, queue_arn = _queue(aws_client, unique_name("eb"), cleanup)
    targets = [{"Id": f"t{n}", "Arn": queue_arn} for n in range(5)]
    rule = unique_name("r")
    _rule(events, cleanup, rule, {"source": ["x"]}, targets)
    first = events.list_targets_by_rule(Rule=rule, Limit=3)
    assert [t["Id"] for t in first["Targets"]] == ["t0", "t1", "t2"]
    second = events.list_targets_by_rule(Rule=rule, Limit=3, NextToken=first["NextToken"])
    assert [t["Id"] for t in second["Targets"]] == ["t3", "t4"]
    assert "NextToken" not in second


def test_list_event_buses_entries_carry_their_times(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    prefix = unique_name("bus")
    for n in range(2):
        events.create_event_bus(Name=f"{prefix}-{n}")
        cleanup.append(lambda n=n: events.delete_event_bus(Name=f"{prefix}-{n}"))
    listed = events.list_event_buses(NamePrefix=prefix)["EventBuses"]
    assert [bus["Name"] for bus in listed] == [f"{prefix}-0", f"{prefix}-1"]
    for bus in listed:
        described = events.describe_event_bus(Name=bus["Name"])
        assert bus["CreationTime"] == described["CreationTime"]
        assert bus["LastModifiedTime"] == described["LastModifiedTime"]


def test_put_permission_for_everyone_keeps_the_star_principal(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    bus = unique_name("bus")
    events.create_event_bus(Name=bus)
    cleanup.append(lambda: events.delete_event_bus(Name=bus))
    events.put_permission(EventBusName=bus, Action="events:PutEvents", Principal="*", StatementId="all")
    events.put_permission(
        EventBusName=bus, Action="events:PutEvents", Principal="111111111111", StatementId="one"
    )
    statements = json.loads(events.describe_event_bus(Name=bus)["Policy"])["Statement"]
    principals = {s["Sid"]: s["Principal"] for s in statements}
    assert principals == {"all": "*", "one": {"AWS": "arn:aws:iam::111111111111:root"}}


@pytest.mark.parametrize("operation", ["enable_rule", "disable_rule"])
def test_switching_a_missing_rule_names_its_bus(events: Any, operation: str) -> None:
    error = error_of(getattr(events, operation), Name="nope")
    assert error["Code"] == "ResourceNotFoundException"
    assert error["Message"] == "Rule nope does not exist on EventBus default."


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        (["stopped", None], "Inside anything but list, start|null|boolean is not supported."),
        ([True], "Inside anything but list, start|null|boolean is not supported."),
        ([["nested"]], "Inside anything but list, start|null|boolean is not supported."),
        (
            ["stopped", 1],
            "Inside anything but list, either all values are number or string, mixed type is not supported",
        ),
        ([], "Inside anything but list, either all values are number or string, mixed type is not supported"),
        # Told just after the value, where AWS's parser stood.
        (
            True,
            "Value of anything-but must be an array or single string/number value.\n at [Source: (String)"
            '"{"detail": {"state": [{"anything-but": true}]}}"; line: 1, column: 44]',
        ),
        # Told just after the value, where AWS's parser stood.
        (
            None,
            "Value of anything-but must be an array or single string/number value.\n at [Source: (String)"
            '"{"detail": {"state": [{"anything-but": null}]}}"; line: 1, column: 44]',
        ),
    ],
)
def test_anything_but_takes_strings_or_numbers_only(events: Any, values: Any, reason: str) -> None:
    pattern = json.dumps({"detail": {"state": [{"anything-but": values}]}})
    error = error_of(events.test_event_pattern, EventPattern=pattern, Event=json.dumps(EVENT))
    assert error["Code"] == "InvalidEventPatternException"
    assert error["Message"] == f"Event pattern is not valid. Reason: {reason}"
    error = error_of(events.put_rule, Name="never-made", EventPattern=pattern)
    assert error["Message"] == f"Event pattern is not valid. Reason: {reason}"


def test_anything_but_of_one_kind_still_matches(events: Any) -> None:
    event = dict(EVENT, detail={"state": "pending", "n": 3})
    for pattern, expected in (
        ({"detail": {"state": [{"anything-but": ["stopped", "done"]}]}}, True),
        ({"detail": {"n": [{"anything-but": [1, 3]}]}}, False),
    ):
        answer = events.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(event))
        assert answer["Result"] is expected


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ({}, "Empty objects are not allowed"),
        ({"detail": {}}, "Empty objects are not allowed"),
        ({"$or": {"source": ["a"]}}, "It must be an Array followed with $or."),
        ({"$or": [{"source": ["a"]}]}, "There must have at least 2 Objects in $or relationship."),
        ({"detail": {"$or": []}}, "There must have at least 2 Objects in $or relationship."),
        ({"$or": [{"source": ["a"]}, "b"]}, "Only JSON object is allowed in array of $or relationship."),
        ({"$or": [{"source": ["a"]}, {}]}, "Empty objects are not allowed"),
        ({"source": [{}]}, "Match expression name not found"),
        ({"source": [{"anything-but": {}}]}, "Anything-But expression name not found"),
    ],
)
def test_pattern_structure_gets_the_rule_compiler_reason(events: Any, pattern: dict, reason: str) -> None:
    error = error_of(events.test_event_pattern, EventPattern=json.dumps(pattern), Event=json.dumps(EVENT))
    assert error["Code"] == "InvalidEventPatternException"
    assert error["Message"] == f"Event pattern is not valid. Reason: {reason}"


def test_target_role_required_or_refused_by_target_kind(
    events: Any, aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list
) -> None:
    _, _, queue_arn = _queue(aws_client, unique_name("eb"), cleanup)
    rule = unique_name("r")
    events.put_rule(Name=rule, EventPattern=json.dumps({"source": ["x"]}))
    cleanup.append(lambda: events.delete_rule(Name=rule))
    role = "arn:aws:iam::000000000000:role/eb"
    machine = "arn:aws:states:us-east-1:000000000000:stateMachine:workflow"
    error = error_of(events.put_targets, Rule=rule, Targets=[{"Id": "m", "Arn": machine}])
    assert error["Code"] == "ValidationException"
    assert error["Message"] == f"RoleArn is required for target {machine}."
    error = error_of(events.put_targets, Rule=rule, Targets=[{"Id": "q", "Arn": queue_arn, "RoleArn": role}])
    assert error["Code"] == "ValidationException"
    assert error["Message"] == f"RoleArn is not supported for target {queue_arn}."
    targets = [{"Id": "m", "Arn": machine, "RoleArn": role}, {"Id": "q", "Arn": queue_arn}]
    assert events.put_targets(Rule=rule, Targets=targets)["FailedEntryCount"] == 0
    cleanup.append(lambda: events.remove_targets(Rule=rule, Ids=["m", "q"]))


def test_connection_secret_is_named_as_aws_names_it(
    events: Any, aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list
) -> None:
    secrets = aws_client("secretsmanager")
    name = unique_name("conn")
    params = {"BasicAuthParameters": {"Username": "user", "Password": "pass"}}
    created = events.create_connection(Name=name, AuthorizationType="BASIC", AuthParameters=params)
    cleanup.append(lambda: events.delete_connection(Name=name))
    connection_id = created["ConnectionArn"].rsplit("/", 1)[-1]
    secret_arn = events.describe_connection(Name=name)["SecretArn"]
    secret = secrets.describe_secret(SecretId=secret_arn)
    prefix = f"events!connection/{name}/"
    assert secret["Name"].startswith(prefix)
    secret_id = secret["Name"][len(prefix) :]
    assert len(secret_id) == 36 and secret_id != connection_id and "/" not in secret_id
    assert secret_arn.rsplit(":", 1)[-1].startswith(f"{secret['Name']}-")
    value = json.loads(secrets.get_secret_value(SecretId=secret_arn)["SecretString"])
    assert value == {"username": "user", "password": "pass"}


@pytest.mark.parametrize(
    ("detail", "pattern", "expected"),
    [
        ({"state": {"status": "running"}}, {"detail": {"state.status": ["running"]}}, True),
        ({"state": {"status": "running"}}, {"detail": {"state.status": {"status": ["running"]}}}, False),
        ({"state.status": {"status": "running"}}, {"detail": {"state": {"status": ["running"]}}}, False),
        ({"state.status": "running"}, {"detail": {"state.status": ["running"]}}, True),
        ({"state": {"status": "running"}}, {"detail.state.status": ["running"]}, True),
    ],
)
def test_pattern_keys_with_dots_name_nested_fields(
    events: Any, detail: dict, pattern: dict, expected: bool
) -> None:
    event = dict(EVENT, detail=detail)
    answer = events.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(event))
    assert answer["Result"] is expected


def test_predefined_event_placeholder_writes_the_envelope_as_aws_does(
    events: Any, aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list
) -> None:
    """<aws.events.event> is the event without its detail, with detail-type spelled detailType
    (recorded against AWS); <aws.events.event.json> is the whole event as delivered."""
    sqs, url, queue_arn = _queue(aws_client, unique_name("eb"), cleanup)
    source = unique_name("src")
    template = '{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}'
    target = {"Id": "t1", "Arn": queue_arn, "InputTransformer": {"InputTemplate": template}}
    _rule(events, cleanup, unique_name("r"), {"source": [source]}, [target])
    events.put_events(Entries=[{"Source": source, "DetailType": "order-placed", "Detail": '{"a": 1}'}])
    body = json.loads(_bodies(sqs, url, 1)[0])
    envelope, whole = body["originalEvent"], body["originalEventJson"]
    assert sorted(envelope) == [
        "account",
        "detailType",
        "id",
        "region",
        "resources",
        "source",
        "time",
        "version",
    ]
    assert envelope["detailType"] == "order-placed" and envelope["id"] == whole["id"]
    assert whole["detail-type"] == "order-placed" and whole["detail"] == {"a": 1}


def test_a_fifo_queue_cannot_be_a_dead_letter_queue(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    """A rule target's dead-letter queue must be a standard queue: PutTargets refuses a FIFO queue in
    AWS's words (as CloudTrail records the refusal) and stores no target; a standard queue is taken."""
    name = unique_name("r")
    events.put_rule(Name=name, EventPattern='{"source": ["x"]}')
    cleanup.append(lambda: events.delete_rule(Name=name))
    queue = "arn:aws:sqs:us-east-1:000000000000:q"
    fifo = {"Id": "t", "Arn": queue, "DeadLetterConfig": {"Arn": f"{queue}-dlq.fifo"}}
    error = error_of(events.put_targets, Rule=name, Targets=[fifo])
    assert error == {
        "Code": "ValidationException",
        "Message": "SQS FIFO is not supported by Dead Letter Queues.",
    }
    assert events.list_targets_by_rule(Rule=name)["Targets"] == []
    standard = {"Id": "t", "Arn": queue, "DeadLetterConfig": {"Arn": f"{queue}-dlq"}}
    assert events.put_targets(Rule=name, Targets=[standard])["FailedEntryCount"] == 0
    cleanup.append(lambda: events.remove_targets(Rule=name, Ids=["t"]))


def test_update_of_a_missing_archive_as_recorded(
    aws_client: Callable[..., Any], events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    """Recorded against AWS: UpdateArchive naming only an archive that does not exist answers a server-side
    InternalException (SDKs retry it); DeleteArchive answers ResourceNotFoundException. With something to
    change, the missing archive is named as DescribeArchive names it."""
    no_retries = aws_client("events", config={"retries": {"max_attempts": 1, "mode": "standard"}})
    with pytest.raises(ClientError) as info:
        no_retries.update_archive(ArchiveName="nope-archive")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert info.value.response["Error"] == {
        "Code": "InternalException",
        "Message": "Service encountered unexpected problem. Please try again.",
    }
    error = error_of(events.delete_archive, ArchiveName="nope-archive")
    assert (error["Code"], error["Message"]) == (
        "ResourceNotFoundException",
        "Archive nope-archive does not exist.",
    )
    error = error_of(events.update_archive, ArchiveName="nope-archive", Description="d")
    assert (error["Code"], error["Message"]) == (
        "ResourceNotFoundException",
        "Archive nope-archive does not exist.",
    )
    # An archive that exists updates with or without members.
    name = unique_name("archive")
    bus = events.describe_event_bus()["Arn"]
    arn = events.create_archive(ArchiveName=name, EventSourceArn=bus)["ArchiveArn"]
    cleanup.append(lambda: events.delete_archive(ArchiveName=name))
    answer = events.update_archive(ArchiveName=name)
    assert (answer["ArchiveArn"], answer["State"]) == (arn, "ENABLED")
