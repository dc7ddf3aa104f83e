"""SNS filter policies, one test per operator, on message attributes and on the body (FilterPolicyScope),
and the rejection of invalid policies. Uses its own server with SYNCHRONOUS_SNS_EVENTS=1, so that
what a queue holds when Publish answers is all it will ever get."""

from __future__ import annotations

import json
import uuid

import boto3
import pytest

from tests.integration.test_sns_delivery_support import allow_sns
from tests.server_process import start_server


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    process = start_server(
        tmp_path_factory.mktemp("sns-filters"),
        services=["sns", "sqs"],
        extra_env={"SYNCHRONOUS_SNS_EVENTS": "1"},
    )

    def client(name):
        return boto3.client(
            name,
            endpoint_url=process.edge_url,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )

    yield client("sns"), client("sqs")
    process.stop()


def _attributes(values: dict) -> dict:
    result = {}
    for name, value in values.items():
        if isinstance(value, bytes):
            result[name] = {"DataType": "Binary", "BinaryValue": value}
        elif isinstance(value, list):
            result[name] = {"DataType": "String.Array", "StringValue": json.dumps(value)}
        elif isinstance(value, (int, float)):
            result[name] = {"DataType": "Number", "StringValue": str(value)}
        else:
            result[name] = {"DataType": "String", "StringValue": value}
    return result


def delivered(clients, policy: dict, messages: list, scope: str | None = None) -> list[str]:
    """Publish each (body, attributes) to a topic whose one queue subscribes with `policy`; the bodies
    that reached the queue, in publish order."""
    sns, sqs = clients
    name = f"f-{uuid.uuid4().hex[:10]}"
    topic = sns.create_topic(Name=name)["TopicArn"]
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    try:
        arn = allow_sns(sqs, url)
        attributes = {"RawMessageDelivery": "true", "FilterPolicy": json.dumps(policy)}
        if scope:
            attributes["FilterPolicyScope"] = scope
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes=attributes)
        received = []
        for body, values in messages:
            kwargs = {"MessageAttributes": _attributes(values)} if values else {}
            sns.publish(TopicArn=topic, Message=body, **kwargs)
            for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
                received.append(message["Body"])
        return received
    finally:
        sns.delete_topic(TopicArn=topic)
        sqs.delete_queue(QueueUrl=url)


def test_exact_string_and_number(clients):
    messages = [
        ("red", {"colour": "red"}),
        ("blue", {"colour": "blue"}),
        ("none", {}),
        ("n5", {"colour": "red", "size": 5}),
        ("n5str", {"colour": "red", "size": "5"}),
    ]
    assert delivered(clients, {"colour": ["red", "green"]}, messages) == ["red", "n5", "n5str"]
    assert delivered(clients, {"size": [5]}, messages) == ["n5"]


def test_prefix(clients):
    messages = [("a", {"region": "eu-west-1"}), ("b", {"region": "us-east-1"}), ("c", {"region": 7})]
    assert delivered(clients, {"region": [{"prefix": "eu-"}]}, messages) == ["a"]


def test_suffix(clients):
    messages = [("a", {"file": "photo.png"}), ("b", {"file": "photo.jpg"})]
    assert delivered(clients, {"file": [{"suffix": ".png"}]}, messages) == ["a"]


def test_anything_but(clients):
    messages = [("a", {"colour": "red"}), ("b", {"colour": "blue"}), ("c", {"colour": "rose"}), ("d", {})]
    assert delivered(clients, {"colour": [{"anything-but": ["red", "green"]}]}, messages) == ["b", "c"]
    assert delivered(clients, {"colour": [{"anything-but": {"prefix": "r"}}]}, messages) == ["b"]


def test_numeric_ranges(clients):
    messages = [(f"p{v}", {"price": v}) for v in (0, 10, 10.5, 20, 100)]
    messages.append(("text", {"price": "15"}))  # a String attribute never matches numerically
    policy = {"price": [{"numeric": [">", 10, "<=", 20]}]}
    assert delivered(clients, policy, messages) == ["p10.5", "p20"]
    assert delivered(clients, {"price": [{"numeric": ["=", 100]}]}, messages) == ["p100"]


def test_exists(clients):
    messages = [("with", {"trace": "t1"}), ("without", {"other": "x"}), ("binary", {"trace": b"\x01"})]
    assert delivered(clients, {"trace": [{"exists": True}]}, messages) == ["with"]
    # Binary attributes are not seen by filter policies: as if absent.
    assert delivered(clients, {"trace": [{"exists": False}]}, messages) == ["without", "binary"]


def test_equals_ignore_case(clients):
    messages = [("a", {"name": "ALICE"}), ("b", {"name": "Bob"})]
    assert delivered(clients, {"name": [{"equals-ignore-case": "alice"}]}, messages) == ["a"]


def test_ip_address_matching(clients):
    # The developer guide's IP address matching: `cidr` against a String attribute or body field.
    messages = [("in", {"source": "10.0.0.7"}), ("out", {"source": "10.0.1.7"}), ("none", {"x": "1"})]
    assert delivered(clients, {"source": [{"cidr": "10.0.0.0/24"}]}, messages) == ["in"]
    body = [('{"ip": "2001:db8::1"}', None), ('{"ip": "2001:db9::1"}', None)]
    policy = {"ip": [{"cidr": "2001:db8::/32"}]}
    assert delivered(clients, policy, body, "MessageBody") == ['{"ip": "2001:db8::1"}']


def test_or(clients):
    messages = [("a", {"colour": "red"}), ("b", {"size": 12}), ("c", {"colour": "blue", "size": 1})]
    policy = {"$or": [{"colour": ["red"]}, {"size": [{"numeric": [">", 10]}]}]}
    assert delivered(clients, policy, messages) == ["a", "b"]


def test_string_array_attribute(clients):
    messages = [("a", {"tags": ["x", "y"]}), ("b", {"tags": ["z"]}), ("c", {"tags": [1, 2]})]
    assert delivered(clients, {"tags": ["y"]}, messages) == ["a"]
    assert delivered(clients, {"tags": [{"numeric": [">", 1]}]}, messages) == ["c"]


def test_several_keys_must_all_match(clients):
    messages = [("both", {"a": "1", "b": "2"}), ("one", {"a": "1"})]
    assert delivered(clients, {"a": ["1"], "b": ["2"]}, messages) == ["both"]


def test_message_body_scope(clients):
    messages = [
        (json.dumps({"order": {"status": "paid", "total": 120}}), {}),
        (json.dumps({"order": {"status": "paid", "total": 5}}), {}),
        (json.dumps({"order": {"status": "open", "total": 500}}), {"status": "paid"}),
        ("not json", {}),
    ]
    policy = {"order": {"status": ["paid"], "total": [{"numeric": [">=", 100]}]}}
    received = delivered(clients, policy, messages, scope="MessageBody")
    assert [json.loads(body)["order"]["total"] for body in received] == [120]


def test_empty_policy_matches_everything(clients):
    assert delivered(clients, {}, [("a", {}), ("b", {"x": "y"})]) == ["a", "b"]


def test_policy_limits_and_operators_answer_aws_sentences(clients):
    sns, _ = clients
    topic = sns.create_topic(Name=f"limits-{uuid.uuid4().hex[:8]}")["TopicArn"]
    endpoint = "arn:aws:sqs:us-east-1:000000000000:nowhere"
    try:
        subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=endpoint)["SubscriptionArn"]
        cases = [
            ({f"k{i}": ["v"] for i in range(6)}, "Filter policy can not have more than 5 keys"),
            ({"name": [{"wildcard": "a*"}]}, "Unrecognized match type wildcard"),
            # The structure is read before the scope's nesting rule.
            (
                {"key": {"suffix": "value"}},
                '"suffix" must be an object or an array\n'
                ' at [Source: (String)"{"key": {"suffix": "value"}}"; line: 1, column: 21]',
            ),
            (
                {"key": [{"anything-but": {"suffix": "x"}}]},
                "Unsupported anything-but pattern: suffix\n"
                ' at [Source: (String)"{"key": [{"anything-but": {"suffix": "x"}}]}"; line: 1, column: 39]',
            ),
            (
                {"key": [{"anything-but": {"prefix": False}}]},
                "prefix match pattern must be a string\n"
                ' at [Source: (String)"{"key": [{"anything-but": {"prefix": false}}]}"; line: 1, column: 43]',
            ),
        ]
        for policy, sentence in cases:
            with pytest.raises(sns.exceptions.InvalidParameterException) as error:
                sns.set_subscription_attributes(
                    SubscriptionArn=subscription,
                    AttributeName="FilterPolicy",
                    AttributeValue=json.dumps(policy),
                )
            assert error.value.response["Error"]["Message"] == f"Invalid parameter: FilterPolicy: {sentence}"
    finally:
        sns.delete_topic(TopicArn=topic)


def test_nested_complexity_counts_each_arrays_level(clients):
    # The constraints page's example: 3 x 4 x 2 x 3 x 1 x 3 = 216 combinations, over 150.
    sns, _ = clients
    topic = sns.create_topic(Name=f"nested-{uuid.uuid4().hex[:8]}")["TopicArn"]
    endpoint = "arn:aws:sqs:us-east-1:000000000000:nowhere"
    try:
        subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=endpoint)["SubscriptionArn"]
        sns.set_subscription_attributes(
            SubscriptionArn=subscription, AttributeName="FilterPolicyScope", AttributeValue="MessageBody"
        )
        policy = {
            "key_a": {"key_b": {"key_c": ["one", "two", "three", "four"]}},
            "key_d": {"key_e": ["one", "two", "three"]},
            "key_f": ["one", "two", "three"],
        }
        with pytest.raises(sns.exceptions.InvalidParameterException) as error:
            sns.set_subscription_attributes(
                SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue=json.dumps(policy)
            )
        assert (
            error.value.response["Error"]["Message"]
            == "Invalid parameter: FilterPolicy: Filter policy is too complex"
        )
        del policy["key_f"]  # 12 x 6 = 72
        sns.set_subscription_attributes(
            SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue=json.dumps(policy)
        )
    finally:
        sns.delete_topic(TopicArn=topic)


@pytest.mark.parametrize(
    "policy",
    [
        "{not json",
        json.dumps(["a"]),
        json.dumps({"colour": "red"}),
        json.dumps({"colour": []}),
        json.dumps({"price": [{"numeric": [">", "ten"]}]}),
        json.dumps({"colour": [{"unknown-operator": 1}]}),
        json.dumps({"nested": {"key": ["v"]}}),  # nesting is for MessageBody scope only
        json.dumps({"$or": {"colour": ["red"]}}),  # moto refused it only after storing the subscription
        json.dumps({f"k{i}": ["v"] for i in range(6)}),  # at most five keys
        json.dumps({"name": [{"wildcard": "a*"}]}),  # EventBridge's operator, not SNS's
    ],
    ids=[
        "json",
        "array",
        "scalar",
        "empty",
        "numeric",
        "operator",
        "nested",
        "or-object",
        "six-keys",
        "wildcard",
    ],
)
def test_invalid_policy_rejected(clients, policy):
    sns, _ = clients
    topic = sns.create_topic(Name=f"bad-{uuid.uuid4().hex[:8]}")["TopicArn"]
    endpoint = "arn:aws:sqs:us-east-1:000000000000:nowhere"
    try:
        with pytest.raises(sns.exceptions.InvalidParameterException) as error:
            sns.subscribe(
                TopicArn=topic, Protocol="sqs", Endpoint=endpoint, Attributes={"FilterPolicy": policy}
            )
        assert error.value.response["Error"]["Message"].startswith("Invalid parameter:")
        # Nothing was subscribed by the rejected call.
        assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []
        subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=endpoint)["SubscriptionArn"]
        with pytest.raises(sns.exceptions.InvalidParameterException):
            sns.set_subscription_attributes(
                SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue=policy
            )
    finally:
        sns.delete_topic(TopicArn=topic)


def test_policy_set_later_and_scope_change(clients):
    sns, sqs = clients
    name = f"later-{uuid.uuid4().hex[:8]}"
    topic = sns.create_topic(Name=name)["TopicArn"]
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    try:
        arn = allow_sns(sqs, url)
        subscription = sns.subscribe(
            TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"}
        )["SubscriptionArn"]
        nested = json.dumps({"detail": {"kind": ["x"]}})
        sns.set_subscription_attributes(
            SubscriptionArn=subscription, AttributeName="FilterPolicyScope", AttributeValue="MessageBody"
        )
        sns.set_subscription_attributes(
            SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue=nested
        )
        attributes = sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
        assert attributes["FilterPolicyScope"] == "MessageBody"
        assert json.loads(attributes["FilterPolicy"]) == {"detail": {"kind": ["x"]}}
        # A nested policy cannot go back to the attributes scope.
        with pytest.raises(sns.exceptions.InvalidParameterException):
            sns.set_subscription_attributes(
                SubscriptionArn=subscription,
                AttributeName="FilterPolicyScope",
                AttributeValue="MessageAttributes",
            )
        sns.publish(TopicArn=topic, Message=json.dumps({"detail": {"kind": "x"}}))
        sns.publish(TopicArn=topic, Message=json.dumps({"detail": {"kind": "y"}}))
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        assert [json.loads(m["Body"])["detail"]["kind"] for m in messages] == ["x"]
    finally:
        sns.delete_topic(TopicArn=topic)
        sqs.delete_queue(QueueUrl=url)


# Recorded against AWS (LocalStack's SNS filter policy snapshots): the refusal and where AWS's parser
# stood, as (policy text, reason, column).
LOCATED_REFUSALS = [
    ('{"key":[["value"]]}', "Match value must be String, number, true, false, or null", 10),
    ('{"key":[{"wrong-operator":true}]}', "Unrecognized match type wrong-operator", 31),
    ('{"key":[{"suffix":"value","prefix":"value2"}]}', "Only one key allowed in match expression", 37),
    ('{"key":[{"suffix":100}]}', "suffix match pattern must be a string", 22),
    ('{"key":[{"suffix":null}]}', "suffix match pattern must be a string", 23),
    ('{"key":{"suffix":"value"}}', '"suffix" must be an object or an array', 19),
    ('{"key":[{"suffix":[]}]}', "suffix match pattern must be a string", 20),
    ('{"key":[{"suffix":["test","test2"]}]}', "suffix match pattern must be a string", 20),
    ('{"key":{"not-an-operator":"value"}}', '"not-an-operator" must be an object or an array', 28),
    ('{"key":[{"numeric":[]}]}', "Invalid member in numeric match: ]", 22),
    ('{"key":[{"numeric":["operator"]}]}', "Unrecognized numeric range operator: operator", 32),
    ('{"key":[{"numeric":[1,"<="]}]}', "Invalid member in numeric match: 1", 22),
    ('{"key":[{"numeric":["=","000"]}]}', "Value of equals must be numeric", 26),
    ('{"key":[{"numeric":[">="]}]}', "Value of >= must be numeric", 26),
    ('{"key":[{"numeric":["<",100,">",10]}]}', "Too many elements in numeric expression", 30),
    ('{"key":[{"numeric":[">=",1,">",2]}]}', "Bad numeric range operator: >", 31),
    ('{"key":[{"numeric":[">",3,"<",1]}]}', "Bottom must be less than top", 33),
    ('{"key":[{"numeric":[">",20,"<="]}]}', "Value of <= must be numeric", 33),
    ('{"key":[{"numeric":[">",20,30]}]}', "Bad value in numeric range: 30", 30),
    ('{"key":[{"numeric":[">",20,"test"]}]}', "Bad numeric range operator: test", 34),
    ('{"key":[{"numeric":[">","20","<","30"]}]}', "Value of > must be numeric", 26),
    ('{"key":[{"numeric":[">",20,"<","30"]}]}', "Value of < must be numeric", 33),
    ('{"key":[{"numeric":[">",20,"<",30,"<",50]}]}', "Too many terms in numeric range expression", 36),
    ('{"key":[{"exists":null}]}', "exists match pattern must be either true or false.", 23),
    ('{"key":[{"exists":"no"}]}', "exists match pattern must be either true or false.", 20),
    (
        '{"key":[{"anything-but":{"wrong-operator":null}}]}',
        "Unsupported anything-but pattern: wrong-operator",
        47,
    ),
    ('{"key":[{"anything-but":{"suffix":"test"}}]}', "Unsupported anything-but pattern: suffix", 36),
    ('{"key":[{"anything-but":{"exists":false}}]}', "Unsupported anything-but pattern: exists", 40),
    ('{"key":[{"anything-but":{"prefix":false}}]}', "prefix match pattern must be a string", 40),
]


def test_refusals_are_located_as_aws_locates_them(clients):
    sns, _ = clients
    topic = sns.create_topic(Name=f"located-{uuid.uuid4().hex[:8]}")["TopicArn"]
    endpoint = "arn:aws:sqs:us-east-1:000000000000:nowhere"
    try:
        for policy, reason, column in LOCATED_REFUSALS:
            with pytest.raises(sns.exceptions.InvalidParameterException) as error:
                sns.subscribe(
                    TopicArn=topic, Protocol="sqs", Endpoint=endpoint, Attributes={"FilterPolicy": policy}
                )
            assert error.value.response["Error"]["Message"] == (
                f"Invalid parameter: Attributes Reason: FilterPolicy: {reason}"
                f'\n at [Source: (String)"{policy}"; line: 1, column: {column}]'
            ), policy
        assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []
    finally:
        sns.delete_topic(TopicArn=topic)
