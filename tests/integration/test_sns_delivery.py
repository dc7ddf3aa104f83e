"""SNS delivery to SQS: the envelope, raw delivery, FIFO order and deduplication, PublishBatch,
dead-letter queues, and SYNCHRONOUS_SNS_EVENTS."""

from __future__ import annotations

import base64
import json
import urllib.request

import pytest

from tests.integration.test_sns_delivery_support import allow_sns, receive
from tests.server_process import start_server


@pytest.fixture
def sns(aws_client):
    return aws_client("sns")


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def cleanup(sns, sqs):
    topics, queues = [], []
    yield topics, queues
    for arn in topics:
        sns.delete_topic(TopicArn=arn)
    for url in queues:
        sqs.delete_queue(QueueUrl=url)


@pytest.fixture
def make_topic(sns, cleanup, unique_name):
    def make(fifo: bool = False, **attributes: str) -> str:
        if fifo:
            attributes["FifoTopic"] = "true"
        name = unique_name("topic") + (".fifo" if fifo else "")
        arn = sns.create_topic(Name=name, Attributes=attributes)["TopicArn"]
        cleanup[0].append(arn)
        return arn

    return make


@pytest.fixture
def make_queue(sqs, cleanup, unique_name):
    def make(fifo: bool = False) -> tuple[str, str]:
        attributes = {"FifoQueue": "true"} if fifo else {}
        name = unique_name("queue") + (".fifo" if fifo else "")
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        cleanup[1].append(url)
        return url, allow_sns(sqs, url)

    return make


def test_sqs_envelope(sns, sqs, make_topic, make_queue, server):
    topic = make_topic()
    url, arn = make_queue()
    subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]
    message_id = sns.publish(
        TopicArn=topic,
        Message="hello queue",
        Subject="greeting",
        MessageAttributes={
            "colour": {"DataType": "String", "StringValue": "blue"},
            "size": {"DataType": "Number", "StringValue": "3"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        },
    )["MessageId"]
    (received,) = receive(sqs, url)
    body = json.loads(received["Body"])
    assert list(body) == [
        "Type",
        "MessageId",
        "TopicArn",
        "Subject",
        "Message",
        "Timestamp",
        "SignatureVersion",
        "Signature",
        "SigningCertURL",
        "UnsubscribeURL",
        "MessageAttributes",
    ]
    assert body["Type"] == "Notification"
    assert body["MessageId"] == message_id
    assert body["TopicArn"] == topic
    assert body["Subject"] == "greeting"
    assert body["Message"] == "hello queue"
    assert body["SignatureVersion"] == "1"
    assert subscription in body["UnsubscribeURL"]
    assert body["MessageAttributes"] == {
        "colour": {"Type": "String", "Value": "blue"},
        "size": {"Type": "Number", "Value": "3"},
        "blob": {"Type": "Binary", "Value": base64.b64encode(b"\x00\x01").decode()},
    }
    assert "MessageAttributes" not in received  # attributes ride in the envelope, not on the SQS message
    _verify_signature(body)


def _verify_signature(body: dict) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    with urllib.request.urlopen(
        body["SigningCertURL"].replace("localhost", "127.0.0.1"), timeout=5
    ) as response:
        cert = x509.load_pem_x509_certificate(response.read())
    names = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
    text = "".join(f"{name}\n{body[name]}\n" for name in names if name in body)
    cert.public_key().verify(
        base64.b64decode(body["Signature"]), text.encode(), padding.PKCS1v15(), hashes.SHA1()
    )


def test_sqs_envelope_without_subject_or_attributes(sns, sqs, make_topic, make_queue):
    topic = make_topic()
    url, arn = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    sns.publish(TopicArn=topic, Message="plain")
    (received,) = receive(sqs, url)
    body = json.loads(received["Body"])
    assert "Subject" not in body and "MessageAttributes" not in body
    assert body["Message"] == "plain"


def test_sqs_raw_delivery(sns, sqs, make_topic, make_queue):
    topic = make_topic()
    url, arn = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    sns.publish(
        TopicArn=topic,
        Message='{"raw": true}',
        MessageAttributes={
            "colour": {"DataType": "String", "StringValue": "blue"},
            "size": {"DataType": "Number", "StringValue": "3"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        },
    )
    (received,) = receive(sqs, url)
    assert received["Body"] == '{"raw": true}'
    assert received["MessageAttributes"] == {
        "colour": {"DataType": "String", "StringValue": "blue"},
        "size": {"DataType": "Number", "StringValue": "3"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
    }


def test_message_structure_json(sns, sqs, make_topic, make_queue):
    topic = make_topic()
    url, arn = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    message = json.dumps({"default": "for everyone", "sqs": "for queues", "lambda": "for functions"})
    sns.publish(TopicArn=topic, Message=message, MessageStructure="json")
    (received,) = receive(sqs, url)
    assert received["Body"] == "for queues"
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.publish(TopicArn=topic, Message=json.dumps({"sqs": "x"}), MessageStructure="json")


def test_fan_out_to_several_queues_once_each(sns, sqs, make_topic, make_queue):
    topic = make_topic()
    queues = [make_queue() for _ in range(3)]
    for _, arn in queues:
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    message_id = sns.publish(TopicArn=topic, Message="to all")["MessageId"]
    for url, _ in queues:
        received = receive(sqs, url, count=2, deadline=3)
        assert [json.loads(m["Body"])["MessageId"] for m in received] == [message_id]  # no double delivery


def test_publish_batch(sns, sqs, make_topic, make_queue):
    topic = make_topic()
    url, arn = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    entries = [
        {
            "Id": f"m{i}",
            "Message": f"batch {i}",
            "MessageAttributes": {"n": {"DataType": "Number", "StringValue": str(i)}},
        }
        for i in range(5)
    ]
    answer = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=entries)
    assert sorted(s["Id"] for s in answer["Successful"]) == [f"m{i}" for i in range(5)]
    received = receive(sqs, url, count=5)
    assert sorted(m["Body"] for m in received) == [f"batch {i}" for i in range(5)]
    assert sorted(m["MessageAttributes"]["n"]["StringValue"] for m in received) == [str(i) for i in range(5)]


def test_fifo_topic_to_fifo_queue_keeps_order_and_deduplicates(sns, sqs, make_topic, make_queue):
    topic = make_topic(fifo=True)
    url, arn = make_queue(fifo=True)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    answers = [
        sns.publish(TopicArn=topic, Message=f"m{i}", MessageGroupId="g1", MessageDeduplicationId=f"d{i}")
        for i in range(10)
    ]
    assert all(a["SequenceNumber"] for a in answers)
    assert [int(a["SequenceNumber"]) for a in answers] == sorted(int(a["SequenceNumber"]) for a in answers)
    # The same deduplication id within 5 minutes is accepted but not delivered again.
    sns.publish(TopicArn=topic, Message="m3 again", MessageGroupId="g1", MessageDeduplicationId="d3")
    received = receive(sqs, url, count=11, deadline=4)
    assert [m["Body"] for m in received] == [f"m{i}" for i in range(10)]
    assert {m["Attributes"]["MessageGroupId"] for m in received} == {"g1"}
    assert [m["Attributes"]["MessageDeduplicationId"] for m in received] == [f"d{i}" for i in range(10)]


def test_fifo_deduplication_scope_message_group(sns, sqs, make_topic, cleanup, unique_name):
    """FifoThroughputScope MessageGroup: a deduplication id repeats only within its message group."""
    topic = make_topic(fifo=True, FifoThroughputScope="MessageGroup")
    attributes = {
        "FifoQueue": "true",
        "DeduplicationScope": "messageGroup",
        "FifoThroughputLimit": "perMessageGroupId",
    }
    url = sqs.create_queue(QueueName=unique_name("scoped") + ".fifo", Attributes=attributes)["QueueUrl"]
    cleanup[1].append(url)
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=allow_sns(sqs, url),
        Attributes={"RawMessageDelivery": "true"},
    )
    for group, body in (("g1", "one"), ("g2", "two"), ("g1", "one again")):
        sns.publish(TopicArn=topic, Message=body, MessageGroupId=group, MessageDeduplicationId="same")
    received = receive(sqs, url, count=3, deadline=3)
    assert sorted(m["Body"] for m in received) == ["one", "two"]


@pytest.mark.parametrize("protocol, endpoint", [("http", "http://127.0.0.1:9/"), ("email", "a@example.com")])
def test_fifo_topics_deliver_to_sqs_only(sns, make_topic, protocol, endpoint):
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as error:
        sns.subscribe(TopicArn=make_topic(fifo=True), Protocol=protocol, Endpoint=endpoint)
    assert error.value.response["Error"]["Code"] == "InvalidParameter"
    assert protocol in error.value.response["Error"]["Message"]


def test_fifo_content_based_deduplication_and_envelope(sns, sqs, make_topic, make_queue):
    topic = make_topic(fifo=True, ContentBasedDeduplication="true")
    url, arn = make_queue(fifo=True)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    first = sns.publish(TopicArn=topic, Message="same body", MessageGroupId="g")
    sns.publish(TopicArn=topic, Message="same body", MessageGroupId="g")
    sns.publish(TopicArn=topic, Message="other body", MessageGroupId="g")
    received = receive(sqs, url, count=3, deadline=4)
    bodies = [json.loads(m["Body"]) for m in received]
    assert [b["Message"] for b in bodies] == ["same body", "other body"]
    assert bodies[0]["MessageId"] == first["MessageId"]
    assert bodies[0]["SequenceNumber"] == first["SequenceNumber"]


def test_fifo_topic_requires_group_id(sns, make_topic):
    topic = make_topic(fifo=True, ContentBasedDeduplication="true")
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.publish(TopicArn=topic, Message="no group")


def test_failed_delivery_goes_to_subscription_dlq(sns, sqs, make_topic, make_queue, unique_name):
    topic = make_topic()
    dlq_url, dlq_arn = make_queue()
    missing = f"arn:aws:sqs:us-east-1:000000000000:{unique_name('gone')}"
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=missing,
        Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn})},
    )
    message_id = sns.publish(TopicArn=topic, Message="undeliverable", Subject="s")["MessageId"]
    (received,) = receive(sqs, dlq_url)
    body = json.loads(received["Body"])
    assert body["MessageId"] == message_id
    assert body["Message"] == "undeliverable"
    assert body["TopicArn"] == topic


def test_invalid_redrive_policy_is_rejected(sns, make_topic, make_queue):
    topic = make_topic()
    _, arn = make_queue()
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RedrivePolicy": "{not json"})


def test_unsubscribed_queue_gets_nothing(sns, sqs, make_topic, make_queue):
    topic = make_topic()
    url, arn = make_queue()
    subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]
    sns.unsubscribe(SubscriptionArn=subscription)
    sns.publish(TopicArn=topic, Message="nobody listens")
    assert receive(sqs, url, deadline=1.5) == []


@pytest.fixture(scope="module")
def synchronous_server(tmp_path_factory):
    process = start_server(
        tmp_path_factory.mktemp("sync-sns"),
        services=["sns", "sqs"],
        extra_env={"SYNCHRONOUS_SNS_EVENTS": "1"},
    )
    yield process
    process.stop()


def test_synchronous_delivery_before_publish_answers(synchronous_server, aws_client):
    import boto3

    def client(name):
        return boto3.client(
            name,
            endpoint_url=synchronous_server.edge_url,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )

    sns, sqs = client("sns"), client("sqs")
    topic = sns.create_topic(Name="sync")["TopicArn"]
    url = sqs.create_queue(QueueName="sync")["QueueUrl"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=allow_sns(sqs, url))
    for i in range(5):
        sns.publish(TopicArn=topic, Message=f"now {i}")
        # No waiting: the message is in the queue when Publish answers.
        messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages", [])
        assert [json.loads(m["Body"])["Message"] for m in messages] == [f"now {i}"]
        sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])


def test_signature_version_2_signs_with_sha256(sns, sqs, make_topic, make_queue):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    topic = make_topic()
    sns.set_topic_attributes(TopicArn=topic, AttributeName="SignatureVersion", AttributeValue="2")
    url, arn = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    sns.publish(TopicArn=topic, Message="sha256 please")
    (received,) = receive(sqs, url)
    body = json.loads(received["Body"])
    assert body["SignatureVersion"] == "2"
    with urllib.request.urlopen(
        body["SigningCertURL"].replace("localhost", "127.0.0.1"), timeout=5
    ) as response:
        cert = x509.load_pem_x509_certificate(response.read())
    text = "".join(
        f"{name}\n{body[name]}\n" for name in ("Message", "MessageId", "Timestamp", "TopicArn", "Type")
    )
    cert.public_key().verify(
        base64.b64decode(body["Signature"]), text.encode(), padding.PKCS1v15(), hashes.SHA256()
    )


def test_raw_delivery_of_more_than_ten_attributes_goes_to_the_dlq(sns, sqs, make_topic, make_queue):
    """A queue carries at most 10 message attributes: AWS discards a raw delivery of more as a client-side
    error, so the subscription's queue gets nothing and its DLQ gets the message, whose JSON envelope keeps
    all the attributes. Ten still go raw to the queue itself."""
    topic = make_topic()
    url, arn = make_queue()
    dlq_url, dlq_arn = make_queue()
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=arn,
        Attributes={
            "RawMessageDelivery": "true",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn}),
        },
    )
    eleven = {f"attr{i}": {"DataType": "String", "StringValue": f"v{i}"} for i in range(11)}
    message_id = sns.publish(TopicArn=topic, Message="too many", MessageAttributes=eleven)["MessageId"]
    (dead,) = receive(sqs, dlq_url)
    body = json.loads(dead["Body"])
    assert (body["Type"], body["MessageId"], body["Message"]) == ("Notification", message_id, "too many")
    assert body["MessageAttributes"] == {f"attr{i}": {"Type": "String", "Value": f"v{i}"} for i in range(11)}
    assert receive(sqs, url, deadline=1) == []

    ten = {name: value for name, value in eleven.items() if name != "attr10"}
    sns.publish(TopicArn=topic, Message="ten", MessageAttributes=ten)
    (delivered,) = receive(sqs, url)
    assert delivered["Body"] == "ten"
    assert sorted(delivered["MessageAttributes"]) == sorted(ten)
    assert receive(sqs, dlq_url, deadline=1) == []


def test_xray_trace_header_reaches_the_queue(sns, sqs, make_topic, make_queue):
    """Recorded against AWS: the publisher's X-Amzn-Trace-Id becomes the delivered message's
    AWSTraceHeader system attribute (Publish and PublishBatch); without one there is none."""
    trace = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1"
    topic = make_topic()
    url, arn = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)

    def add_trace(request, **_):
        request.headers["X-Amzn-Trace-Id"] = trace

    sns.meta.events.register("before-send.sns.Publish", add_trace)
    sns.meta.events.register("before-send.sns.PublishBatch", add_trace)
    try:
        sns.publish(TopicArn=topic, Message="X-Ray propagation test msg")
        sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[{"Id": "1", "Message": "batched"}])
    finally:
        sns.meta.events.unregister("before-send.sns.Publish", add_trace)
        sns.meta.events.unregister("before-send.sns.PublishBatch", add_trace)
    sns.publish(TopicArn=topic, Message="untraced")
    received = {json.loads(m["Body"])["Message"]: m["Attributes"] for m in receive(sqs, url, count=3)}
    assert received["X-Ray propagation test msg"]["AWSTraceHeader"] == trace
    assert received["batched"]["AWSTraceHeader"] == trace
    assert "AWSTraceHeader" not in received["untraced"]


def test_standard_topic_forwards_message_group_id_to_standard_queues(sns, sqs, make_topic, make_queue):
    """Publish's API reference: on a standard topic MessageGroupId is optional and forwarded only to SQS
    standard subscriptions (fair queues); a FIFO topic's group does not reach a standard queue."""
    topic = make_topic()
    url, arn = make_queue()
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    sns.publish(TopicArn=topic, Message="tenant message", MessageGroupId="tenant-1")
    sns.publish(TopicArn=topic, Message="no tenant")
    received = {json.loads(m["Body"])["Message"]: m["Attributes"] for m in receive(sqs, url, count=2)}
    assert received["tenant message"]["MessageGroupId"] == "tenant-1"
    assert "MessageGroupId" not in received["no tenant"]

    fifo_topic = make_topic(fifo=True, ContentBasedDeduplication="true")
    standard_url, standard_arn = make_queue()
    sns.subscribe(TopicArn=fifo_topic, Protocol="sqs", Endpoint=standard_arn)
    sns.publish(TopicArn=fifo_topic, Message="ordered", MessageGroupId="g")
    (delivered,) = receive(sqs, standard_url)
    assert json.loads(delivered["Body"])["Message"] == "ordered"
    assert "MessageGroupId" not in delivered["Attributes"]
