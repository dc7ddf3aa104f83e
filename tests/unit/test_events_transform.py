"""EventBridge target input: JSONPath subset, Input, InputPath and InputTransformer templates."""

import json

import pytest

from localstack.services.events.transform import (
    MISSING,
    TransformError,
    payload_for,
    render_template,
    select,
    validate_target,
)

EVENT = {
    "version": "0",
    "id": "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "123456789012",
    "time": "2015-11-11T21:29:54Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
    "detail": {"instance-id": "i-0123456789", "state": "RUNNING", "count": 3, "tags": {"a": "b"}},
}
RULE_ARN = "arn:aws:events:us-east-1:123456789012:rule/r1"


def transform(template: str, paths: dict | None = None) -> str:
    transformer = {"InputTemplate": template, "InputPathsMap": paths or {}}
    return render_template(transformer, EVENT, RULE_ARN, "r1")


PATHS = {"instance": "$.detail.instance-id", "state": "$.detail.state", "count": "$.detail.count"}


def test_select() -> None:
    assert select("$", EVENT) is EVENT
    assert select("$.detail.state", EVENT) == "RUNNING"
    assert select("$.detail['instance-id']", EVENT) == "i-0123456789"
    assert select("$.resources[0]", EVENT).endswith("i-abcd1111")
    assert select("$.resources[5]", EVENT) is MISSING
    assert select("$.detail.nothing", EVENT) is MISSING
    assert select("$.detail.tags.*", EVENT) == ["b"]
    with pytest.raises(TransformError):
        select("detail.state", EVENT)
    with pytest.raises(TransformError):
        select("$..state", EVENT)


def test_plain_event_input_path_and_constant() -> None:
    assert json.loads(payload_for({}, EVENT, RULE_ARN, "r1")) == EVENT
    assert json.loads(payload_for({"InputPath": "$.detail"}, EVENT, RULE_ARN, "r1")) == EVENT["detail"]
    assert payload_for({"Input": '{"fixed": true}'}, EVENT, RULE_ARN, "r1") == '{"fixed": true}'


def test_string_template() -> None:
    assert transform("<instance> is in state <state>", PATHS) == "i-0123456789 is in state RUNNING"
    # a quoted string template stays a JSON string
    assert transform('"<instance> is in state <state>"', PATHS) == '"i-0123456789 is in state RUNNING"'
    assert (
        transform('<instance> is in state \\"<state>\\"', PATHS) == 'i-0123456789 is in state \\"RUNNING\\"'
    )


def test_json_template_quotes_strings_outside_string_literals() -> None:
    text = transform(
        '{"instance": <instance>, "n": <count>, "msg": "<instance> is <state>", "x": true}', PATHS
    )
    assert json.loads(text) == {
        "instance": "i-0123456789",
        "n": 3,
        "msg": "i-0123456789 is RUNNING",
        "x": True,
    }
    text = transform(
        '{"state": [9, <state>, true], "missing": <nothing>}', {**PATHS, "nothing": "$.detail.no"}
    )
    assert json.loads(text) == {"state": [9, "RUNNING", True], "missing": None}


def test_json_template_values_are_escaped_inside_strings() -> None:
    event = {**EVENT, "detail": {"quote": 'say "hi"'}}
    transformer = {"InputTemplate": '{"text": "<q>!"}', "InputPathsMap": {"q": "$.detail.quote"}}
    assert json.loads(render_template(transformer, event, RULE_ARN, "r1")) == {"text": 'say "hi"!'}


def test_predefined_variables() -> None:
    text = transform(
        '{"rule": <aws.events.rule-name>, "arn": "<aws.events.rule-arn>", "e": <aws.events.event>}'
    )
    parsed = json.loads(text)
    assert parsed["rule"] == "r1" and parsed["arn"] == RULE_ARN
    assert "detail" not in parsed["e"] and parsed["e"]["id"] == EVENT["id"]
    # AWS writes the envelope with detailType (recorded), in its own key order.
    assert parsed["e"]["detailType"] == EVENT["detail-type"] and "detail-type" not in parsed["e"]
    assert list(parsed["e"])[:3] == ["id", "account", "detailType"]
    assert json.loads(transform("<aws.events.event.json>")) == EVENT


@pytest.mark.parametrize(
    "target",
    [
        {"Id": "t", "Input": "{}", "InputPath": "$.detail"},
        {"Id": "t", "Input": "not json"},
        {"Id": "t", "InputPath": "detail"},
        {"Id": "t", "InputTransformer": {"InputPathsMap": {"a": "$.a"}}},
        {"Id": "t", "InputTransformer": {"InputTemplate": "<a>", "InputPathsMap": {"aws.events.x": "$.a"}}},
        {"Id": "t", "InputTransformer": {"InputTemplate": "<a>", "InputPathsMap": {"a": "a.b"}}},
    ],
)
def test_invalid_targets(target: dict) -> None:
    with pytest.raises(TransformError):
        validate_target(target)


def test_valid_target() -> None:
    validate_target({"Id": "t", "InputTransformer": {"InputTemplate": "<a>", "InputPathsMap": {"a": "$.a"}}})
