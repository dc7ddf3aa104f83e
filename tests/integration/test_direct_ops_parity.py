"""The direct paths (sqs/direct_ops.py, sns/direct_publish.py, dynamodb/direct_items.py) answer as the
general path through moto does: each scenario runs on the session's emulator and on one started with
DIRECT_OPS=0, and the answers (status, error code and message, every field but ids, dates and receipt
handles) must be equal."""

from __future__ import annotations

import re
import uuid
from typing import Any, Callable

import pytest
import requests
from botocore.exceptions import ClientError

from localstack.testing.emulator import Emulator
from tests.integration.test_sns_delivery_support import allow_sns
from tests.server_process import start_server

_VOLATILE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"  # message ids
    r"|<RequestId>[^<]*</RequestId>"
    r"|:\d{4,5}/"  # the emulator's port in URLs
)
_VOLATILE_KEYS = {
    "ReceiptHandle",
    "RequestId",
    "HostId",
    "MessageId",
    "SentTimestamp",
    "ApproximateFirstReceiveTimestamp",
    "SequenceNumber",
    "HTTPHeaders",
    "RetryAttempts",
    "date",
}


@pytest.fixture(scope="module")
def general(tmp_path_factory: pytest.TempPathFactory) -> Any:
    emulator = start_server(
        tmp_path_factory.mktemp("general"), ["sqs", "sns", "dynamodb"], {"DIRECT_OPS": "0"}
    )
    yield emulator
    emulator.stop()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: ("*" if k in _VOLATILE_KEYS else _plain(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (str, bytes)):
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        return _VOLATILE.sub("*", text)
    return value


def _outcome(call: Callable[[], Any]) -> Any:
    try:
        return ("ok", _plain(call()))
    except ClientError as error:
        return ("error", error.response["Error"], error.response["ResponseMetadata"]["HTTPStatusCode"])


def _both(server: Emulator, general: Emulator, scenario: Callable[[Emulator, str], list]) -> list:
    """The scenario's outcomes on each emulator (same resource names), asserted equal."""
    name = f"parity-{uuid.uuid4().hex[:10]}"
    direct = scenario(server, name)
    baseline = scenario(general, name)
    assert direct == baseline
    return direct


def _sqs_scenario(attributes: dict[str, Any] | None, fifo: bool = False) -> Callable[[Emulator, str], list]:
    def scenario(emulator: Emulator, name: str) -> list:
        sqs = emulator.client("sqs")
        queue_name = f"{name}.fifo" if fifo else name
        created = {"FifoQueue": "true", "ContentBasedDeduplication": "true"} if fifo else {}
        url = sqs.create_queue(QueueName=queue_name, Attributes=created)["QueueUrl"]
        extra: dict[str, Any] = {"MessageGroupId": "g"} if fifo else {}
        if attributes:
            extra["MessageAttributes"] = attributes
        results = []
        for body in ("first", 'ünïcødé \u2603 "quoted" <xml>&', "x" * 300):
            results.append(
                _outcome(lambda body=body: sqs.send_message(QueueUrl=url, MessageBody=body, **extra))
            )
        # names matching none of the attributes: an empty map where the message has attributes
        unmatched = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0, MessageAttributeNames=["Nothing"]
        )
        results.append(_plain(unmatched))
        received = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"], MessageAttributeNames=["All"]
        )
        results.append(_plain(received))
        handles = [m["ReceiptHandle"] for m in received.get("Messages", [])]
        for handle in handles:
            results.append(
                _outcome(lambda handle=handle: sqs.delete_message(QueueUrl=url, ReceiptHandle=handle))
            )
        results.append(_outcome(lambda: sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)))
        # errors: a missing queue, a bad receipt handle, a bad count, a queue by name only
        missing = url.rsplit("/", 1)[0] + "/nope-" + name
        results.append(_outcome(lambda: sqs.send_message(QueueUrl=missing, MessageBody="x")))
        results.append(_outcome(lambda: sqs.receive_message(QueueUrl=missing)))
        results.append(_outcome(lambda: sqs.delete_message(QueueUrl=missing, ReceiptHandle="abc")))
        results.append(_outcome(lambda: sqs.delete_message(QueueUrl=url, ReceiptHandle="not-a-handle")))
        results.append(_outcome(lambda: sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=11)))
        results.append(_outcome(lambda: sqs.receive_message(QueueUrl=url, WaitTimeSeconds=21)))
        results.append(_outcome(lambda: sqs.receive_message(QueueUrl=url, VisibilityTimeout=50000)))
        results.append(_outcome(lambda: sqs.send_message(QueueUrl=url, MessageBody="", **extra)))
        results.append(_outcome(lambda: sqs.send_message(QueueUrl=url, MessageBody="d", DelaySeconds=901)))
        results.append(
            _outcome(lambda: sqs.send_message(QueueUrl=queue_name, MessageBody="by name", **extra))
        )
        results.append(
            _plain(sqs.receive_message(QueueUrl=url, AttributeNames=["SenderId", "MessageGroupId"]))
        )
        return results

    return scenario


@pytest.mark.parametrize(
    "attributes",
    [
        None,
        {
            "a": {"DataType": "String", "StringValue": "v"},
            "n": {"DataType": "Number.int", "StringValue": "12"},
        },
        {
            "b": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"},
            "s": {"DataType": "String", "StringValue": "w"},
        },
        {"l": {"DataType": "String", "StringValue": ""}},
    ],
    ids=["plain", "string-attributes", "binary-attributes", "empty-attribute"],
)
def test_sqs_json_protocol_send_receive_delete(server, general, attributes):
    _both(server, general, _sqs_scenario(attributes))


def test_sqs_json_protocol_fifo(server, general):
    _both(server, general, _sqs_scenario({"a": {"DataType": "String", "StringValue": "v"}}, fifo=True))


_SEQUENCE = re.compile(rb'"SequenceNumber": "\d+"')


def _batch_scenario(fifo: bool) -> Callable[[Emulator, str], list]:
    """SendMessageBatch answers byte for byte (sequence numbers aside), then what each stored."""

    def scenario(emulator: Emulator, name: str) -> list:
        sqs = emulator.client("sqs")
        queue_name = f"{name}.fifo" if fifo else name
        created = {"FifoQueue": "true"} if fifo else {}
        url = sqs.create_queue(QueueName=queue_name, Attributes=created)["QueueUrl"]
        raw = _raw(sqs)
        text = {"DataType": "String", "StringValue": "ü"}
        number = {"DataType": "Number", "StringValue": "1.5"}
        trace = {
            "AWSTraceHeader": {
                "DataType": "String",
                "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793",
            }
        }

        def entry(index: int, **extra: Any) -> dict[str, Any]:
            if fifo:
                extra.setdefault("MessageGroupId", f"g{index % 2}")
                extra.setdefault("MessageDeduplicationId", f"d{index}")
            return {"Id": f"e-{index}", "MessageBody": f'body {index} ü "q" <&>', **extra}

        batches = [
            [entry(i) for i in range(10)],
            [
                entry(0, MessageAttributes={"a": text, "n": number}),
                entry(1, MessageSystemAttributes=trace),
                entry(2, MessageAttributes={"b": text}, MessageSystemAttributes=trace),
                entry(3, **({} if fifo else {"DelaySeconds": 0})),
            ],
            [entry(4, MessageBody=""), entry(5), entry(6, MessageAttributes={"": text})],  # failed entries
            [entry(7, DelaySeconds=901), entry(8)],
            [entry(9, MessageAttributes={"bin": {"DataType": "Binary", "BinaryValue": b"\x00\x01"}})],
            [entry(10), entry(10)],  # repeated ids
            [entry(11, Id="bad id!")],
            [entry(i) for i in range(11)],  # too many
            [entry(12, MessageBody="x" * 200_000), entry(13, MessageBody="y" * 100_000)],  # too long
        ]
        if fifo:
            batches.append([entry(14, MessageDeduplicationId="d0"), entry(15, MessageGroupId="")])
        else:
            batches.append([entry(14, MessageGroupId="g")])
        results = [
            _outcome(lambda batch=batch: sqs.send_message_batch(QueueUrl=url, Entries=batch))
            for batch in batches
        ]
        missing = url.rsplit("/", 1)[0] + "/nope-" + name
        results.append(_outcome(lambda: sqs.send_message_batch(QueueUrl=missing, Entries=[entry(0)])))
        results.append(_outcome(lambda: sqs.send_message_batch(QueueUrl=queue_name, Entries=[entry(16)])))
        results.append(
            [(status, names, _SEQUENCE.sub(b"*", body.encode("latin-1"))) for status, names, body in raw]
        )
        bodies = []
        for _ in range(6):
            received = sqs.receive_message(
                QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"], MessageAttributeNames=["All"]
            )
            messages = received.get("Messages", [])
            bodies.extend(
                (m["Body"], m.get("MD5OfMessageAttributes"), m.get("MessageAttributes")) for m in messages
            )
            for message in messages:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        results.append(sorted(bodies, key=repr))
        return results

    return scenario


@pytest.mark.parametrize("fifo", [False, True], ids=["standard", "fifo"])
def test_sqs_send_message_batch(server, general, fifo):
    results = _both(server, general, _batch_scenario(fifo))
    assert results[0][0] == "ok" and len(results[0][1]["Successful"]) == 10
    assert len(results[-1]) >= 10


def test_sqs_dead_letter_source_shown(server, general):
    def scenario(emulator: Emulator, name: str) -> list:
        sqs = emulator.client("sqs")
        dlq = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        policy = f'{{"deadLetterTargetArn": "{arn}", "maxReceiveCount": "1"}}'
        url = sqs.create_queue(QueueName=name, Attributes={"RedrivePolicy": policy})["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="moved")
        first = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)
        second = sqs.receive_message(QueueUrl=url)
        moved = sqs.receive_message(QueueUrl=dlq, AttributeNames=["All"])
        return [_plain(first), _plain(second), _plain(moved)]

    results = _both(server, general, scenario)
    assert "DeadLetterQueueSourceArn" in results[2]["Messages"][0]["Attributes"]


def test_sqs_query_protocol_goes_the_general_way(server, general):
    def scenario(emulator: Emulator, name: str) -> list:
        url = emulator.client("sqs").create_queue(QueueName=name)["QueueUrl"]
        endpoint = emulator.endpoint_url
        form = {"Action": "SendMessage", "QueueUrl": url, "MessageBody": "q", "Version": "2012-11-05"}
        sent = requests.post(endpoint, data=form, timeout=30)
        received = requests.post(
            endpoint, data={"Action": "ReceiveMessage", "QueueUrl": url, "Version": "2012-11-05"}, timeout=30
        )
        handle = re.search(r"<ReceiptHandle>([^<]+)<", received.text).group(1)
        deleted = requests.post(
            endpoint,
            data={
                "Action": "DeleteMessage",
                "QueueUrl": url,
                "ReceiptHandle": handle,
                "Version": "2012-11-05",
            },
            timeout=30,
        )
        bad = requests.post(
            endpoint,
            data={
                "Action": "DeleteMessage",
                "QueueUrl": url,
                "ReceiptHandle": "bad",
                "Version": "2012-11-05",
            },
            timeout=30,
        )
        received_text = re.sub(r"<ReceiptHandle>[^<]*<", "<ReceiptHandle>*<", received.text)
        received_text = re.sub(r"<Value>\d{13}</Value>", "<Value>*</Value>", received_text)
        return [
            (r.status_code, _plain(text))
            for r, text in (
                (sent, sent.text),
                (received, received_text),
                (deleted, deleted.text),
                (bad, bad.text),
            )
        ]

    _both(server, general, scenario)


def test_dynamodb_put_and_get_item(server, general):
    def scenario(emulator: Emulator, name: str) -> list:
        dynamodb = emulator.client("dynamodb")
        dynamodb.create_table(
            TableName=name,
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "N"},
                {"AttributeName": "g", "AttributeType": "S"},
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "by-g",
                    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        items = [
            {"pk": {"S": "a"}, "sk": {"N": "1"}, "v": {"S": "ünï \u2603"}},
            {"pk": {"S": "a"}, "sk": {"N": "2.50"}, "g": {"S": "x"}, "n": {"N": "0012.3000"}},
            {
                "pk": {"S": "b"},
                "sk": {"N": "-1e3"},
                "m": {"M": {"l": {"L": [{"S": "x"}, {"NULL": True}, {"BOOL": False}, {"NS": ["1", "2"]}]}}},
                "ss": {"SS": ["p", "q"]},
            },
            {"pk": {"S": "c"}, "sk": {"N": "1"}, "bin": {"B": b"\x00\xff"}, "bs": {"BS": [b"1", b"2"]}},
        ]
        results = [_outcome(lambda item=item: dynamodb.put_item(TableName=name, Item=item)) for item in items]
        keys = [
            {"pk": {"S": "a"}, "sk": {"N": "1"}},
            {"pk": {"S": "a"}, "sk": {"N": "2.5"}},
            {"pk": {"S": "b"}, "sk": {"N": "-1000"}},
        ]
        keys += [{"pk": {"S": "c"}, "sk": {"N": "1"}}, {"pk": {"S": "zz"}, "sk": {"N": "1"}}]
        results += [_outcome(lambda key=key: dynamodb.get_item(TableName=name, Key=key)) for key in keys]
        results.append(_outcome(lambda: dynamodb.get_item(TableName=name, Key=keys[0], ConsistentRead=True)))
        # overwrite, and the options that go the general way
        results.append(
            _outcome(lambda: dynamodb.put_item(TableName=name, Item={**items[0], "v": {"S": "new"}}))
        )
        results.append(
            _outcome(lambda: dynamodb.put_item(TableName=name, Item=items[0], ReturnValues="ALL_OLD"))
        )
        results.append(
            _outcome(lambda: dynamodb.put_item(TableName=name, Item=items[0], ReturnConsumedCapacity="TOTAL"))
        )
        results.append(
            _outcome(
                lambda: dynamodb.put_item(
                    TableName=name, Item=items[0], ConditionExpression="attribute_not_exists(pk)"
                )
            )
        )
        results.append(
            _outcome(lambda: dynamodb.get_item(TableName=name, Key=keys[0], ProjectionExpression="v"))
        )
        results.append(
            _outcome(lambda: dynamodb.get_item(TableName=name, Key=keys[0], ReturnConsumedCapacity="TOTAL"))
        )
        # errors: missing table, missing or mistyped key, empty key value, key outside the schema, GSI type
        results.append(_outcome(lambda: dynamodb.put_item(TableName=name + "-nope", Item=items[0])))
        results.append(_outcome(lambda: dynamodb.get_item(TableName=name + "-nope", Key=keys[0])))
        results.append(_outcome(lambda: dynamodb.put_item(TableName=name, Item={"pk": {"S": "a"}})))
        results.append(
            _outcome(lambda: dynamodb.put_item(TableName=name, Item={"pk": {"N": "1"}, "sk": {"N": "1"}}))
        )
        results.append(
            _outcome(lambda: dynamodb.put_item(TableName=name, Item={"pk": {"S": ""}, "sk": {"N": "1"}}))
        )
        results.append(
            _outcome(lambda: dynamodb.put_item(TableName=name, Item={**items[0], "g": {"N": "1"}}))
        )
        results.append(_outcome(lambda: dynamodb.put_item(TableName=name, Item={**items[0], "e": {"S": ""}})))
        results.append(_outcome(lambda: dynamodb.get_item(TableName=name, Key={"pk": {"S": "a"}})))
        results.append(
            _outcome(lambda: dynamodb.get_item(TableName=name, Key={"pk": {"S": ""}, "sk": {"N": "1"}}))
        )
        results.append(_outcome(lambda: dynamodb.get_item(TableName=name, Key={**keys[0], "x": {"S": "1"}})))
        results.append(
            _outcome(lambda: dynamodb.get_item(TableName=name, Key={"pk": {"N": "1"}, "sk": {"N": "1"}}))
        )
        # what the writes left: the table's order, its index, its item count
        results.append(
            _plain(
                dynamodb.query(
                    TableName=name,
                    KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": "a"}},
                )
            )
        )
        results.append(
            _plain(
                dynamodb.query(
                    TableName=name,
                    IndexName="by-g",
                    KeyConditionExpression="g = :g",
                    ExpressionAttributeValues={":g": {"S": "x"}},
                )
            )
        )
        results.append(_plain(dynamodb.scan(TableName=name)))
        return results

    _both(server, general, scenario)


def _delivered(sqs: Any, url: str, count: int) -> list:
    """The messages an SNS subscription delivered, bodies parsed, volatile fields masked."""
    import json
    import time

    found: list = []
    deadline = time.time() + 10
    while len(found) < count and time.time() < deadline:
        answer = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        for message in answer.get("Messages", []):
            try:
                body = json.loads(message["Body"])
            except ValueError:
                body = message["Body"]
            if isinstance(body, dict):
                for key in ("Timestamp", "Signature", "SigningCertURL", "UnsubscribeURL"):
                    body.pop(key, None)
            found.append(_plain(body))
    return sorted(found, key=repr)


def test_sns_publish(server, general):
    def scenario(emulator: Emulator, name: str) -> list:
        sns, sqs = emulator.client("sns"), emulator.client("sqs")
        topic = sns.create_topic(Name=name)["TopicArn"]
        fifo = sns.create_topic(Name=f"{name}.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=allow_sns(sqs, url, arn))
        raw_url = sqs.create_queue(QueueName=f"{name}-raw")["QueueUrl"]
        raw_arn = sqs.get_queue_attributes(QueueUrl=raw_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint=allow_sns(sqs, raw_url, raw_arn),
            Attributes={"RawMessageDelivery": "true"},
        )
        results = [
            _outcome(lambda: sns.publish(TopicArn=topic, Message="plain")),
            _outcome(lambda: sns.publish(TopicArn=topic, Message="ünïcødé <&>\"'", Subject="a subject")),
            _outcome(
                lambda: sns.publish(
                    TopicArn=topic,
                    Message="attributes",
                    MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}},
                )
            ),
            _outcome(
                lambda: sns.publish(TopicArn=topic, Message='{"default": "d"}', MessageStructure="json")
            ),
            # errors: missing topic, empty message, long subject, FIFO without group, bad ARN
            _outcome(lambda: sns.publish(TopicArn=topic + "-nope", Message="x")),
            _outcome(lambda: sns.publish(TopicArn=topic, Message="")),
            _outcome(lambda: sns.publish(TopicArn=topic, Message="x", Subject="s" * 101)),
            _outcome(lambda: sns.publish(TopicArn=fifo, Message="x")),
            _outcome(lambda: sns.publish(TopicArn="not-an-arn", Message="x")),
            _outcome(
                lambda: sns.publish(
                    TopicArn=fifo, Message="x", MessageGroupId="g", MessageDeduplicationId="d"
                )
            ),
        ]
        results.append(_delivered(sqs, url, 4))
        results.append(_delivered(sqs, raw_url, 4))
        return results

    results = _both(server, general, scenario)
    assert len(results[-2]) == 4 and len(results[-1]) == 4


def _raw(client: Any) -> list:
    """The raw bodies and header names of the client's answers, as they arrive (collected in order)."""
    seen: list = []

    def keep(http_response: Any, **kwargs: Any) -> None:
        names = sorted(name.lower() for name in http_response.headers if name.lower() not in ("date",))
        seen.append((http_response.status_code, names, _plain(http_response.content)))

    client.meta.events.register("after-call", keep)
    return seen


def test_answers_byte_for_byte(server, general):
    """Whitespace, member order and headers too: boto3's parsed view would hide them."""

    def scenario(emulator: Emulator, name: str) -> list:
        dynamodb, sqs, sns = emulator.client("dynamodb"), emulator.client("sqs"), emulator.client("sns")
        dynamodb.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        topic = sns.create_topic(Name=name)["TopicArn"]
        captured = [_raw(dynamodb), _raw(sqs), _raw(sns)]
        item = {"pk": {"S": "k"}, "n": {"N": "1.50"}, "m": {"M": {"l": {"L": [{"S": "ü"}, {"BOOL": True}]}}}}
        dynamodb.put_item(TableName=name, Item=item)
        dynamodb.get_item(TableName=name, Key={"pk": {"S": "k"}})
        dynamodb.get_item(TableName=name, Key={"pk": {"S": "missing"}})
        attributes = {"a": {"DataType": "String", "StringValue": "ü"}}
        sqs.send_message(QueueUrl=url, MessageBody='body ü "q"', MessageAttributes=attributes)
        sqs.delete_message(
            QueueUrl=url, ReceiptHandle=sqs.receive_message(QueueUrl=url)["Messages"][0]["ReceiptHandle"]
        )
        sns.publish(TopicArn=topic, Message="m", Subject="s")
        # the receive's body holds a random receipt handle: compare its header names only
        sqs_answers = [answer if index != 1 else answer[:2] for index, answer in enumerate(captured[1])]
        return [captured[0], sqs_answers, captured[2]]

    _both(server, general, scenario)
