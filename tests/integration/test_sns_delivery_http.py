"""SNS delivery to HTTP endpoints: the SubscriptionConfirmation handshake, then notifications with
the documented headers and body, raw delivery, and failures to the subscription's DLQ."""

from __future__ import annotations

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from localstack.services import edge_rules
from tests.integration.test_sns_delivery_support import allow_sns, receive, wait_for


class Recorder:
    """A local HTTP endpoint that records every POST and answers `status`."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict, str]] = []
        self.status = 200
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                recorder.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(recorder.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def of_type(self, kind: str) -> list[tuple[str, dict, str]]:
        return [r for r in self.requests if r[1].get("x-amz-sns-message-type") == kind]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint():
    recorder = Recorder()
    yield recorder
    recorder.close()


@pytest.fixture
def sns(aws_client):
    return aws_client("sns")


@pytest.fixture
def topic(sns, unique_name):
    arn = sns.create_topic(Name=unique_name("http"))["TopicArn"]
    yield arn
    sns.delete_topic(TopicArn=arn)


def _subscribe_and_confirm(sns, topic, endpoint, **attributes) -> str:
    answer = sns.subscribe(
        TopicArn=topic, Protocol="http", Endpoint=f"{endpoint.url}/hook", Attributes=attributes
    )
    assert answer["SubscriptionArn"] == "pending confirmation"
    (confirmation,) = wait_for(lambda: endpoint.of_type("SubscriptionConfirmation"))
    document = json.loads(confirmation[2])
    return sns.confirm_subscription(TopicArn=topic, Token=document["Token"])["SubscriptionArn"]


def test_subscription_confirmation_handshake(sns, topic, endpoint):
    answer = sns.subscribe(
        TopicArn=topic, Protocol="http", Endpoint=f"{endpoint.url}/hook", ReturnSubscriptionArn=True
    )
    subscription = answer["SubscriptionArn"]
    assert subscription.startswith(topic + ":")
    attributes = sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
    assert attributes["PendingConfirmation"] == "true"
    listed = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [s["SubscriptionArn"] for s in listed] == ["PendingConfirmation"]

    (confirmation,) = wait_for(lambda: endpoint.of_type("SubscriptionConfirmation"))
    path, headers, body = confirmation
    assert path == "/hook"
    assert headers["x-amz-sns-topic-arn"] == topic
    assert headers["content-type"].startswith("text/plain")
    document = json.loads(body)
    assert document["Type"] == "SubscriptionConfirmation"
    assert document["TopicArn"] == topic
    assert headers["x-amz-sns-message-id"] == document["MessageId"]
    assert document["Token"] and f"Token={document['Token']}" in document["SubscribeURL"]
    assert "Action=ConfirmSubscription" in document["SubscribeURL"]
    assert {"Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"} <= set(document)

    # Unconfirmed: a publish reaches nobody.
    sns.publish(TopicArn=topic, Message="too early")
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.confirm_subscription(TopicArn=topic, Token="not-the-token")
    confirmed = sns.confirm_subscription(TopicArn=topic, Token=document["Token"])["SubscriptionArn"]
    assert confirmed == subscription
    attributes = sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
    assert attributes["PendingConfirmation"] == "false"
    listed = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [s["SubscriptionArn"] for s in listed] == [subscription]
    assert endpoint.of_type("Notification") == []


def _visitable(url: str, server) -> str:
    """The URL as a browser would visit it; through the sns legacy port while the edge does not route
    unsigned ConfirmSubscription/Unsubscribe GETs to sns."""
    url = url.replace("localhost", "127.0.0.1")
    if edge_rules.UNSIGNED_ACTIONS.get("ConfirmSubscription") != "sns":
        url = url.replace(server.edge_url, server.legacy_url("sns"))
    return url


def test_visiting_subscribe_url_confirms(sns, topic, endpoint, server):
    sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=f"{endpoint.url}/hook")
    (confirmation,) = wait_for(lambda: endpoint.of_type("SubscriptionConfirmation"))
    url = _visitable(json.loads(confirmation[2])["SubscribeURL"], server)
    with urllib.request.urlopen(url, timeout=5) as response:
        assert b"<SubscriptionArn>" in response.read()
    (listed,) = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert listed["SubscriptionArn"].startswith(topic + ":")


def test_notification_post(sns, topic, endpoint):
    subscription = _subscribe_and_confirm(sns, topic, endpoint)
    message_id = sns.publish(
        TopicArn=topic,
        Message="hello http",
        Subject="hi",
        MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}},
    )["MessageId"]
    (notification,) = wait_for(lambda: endpoint.of_type("Notification"))
    path, headers, body = notification
    assert path == "/hook"
    assert headers["x-amz-sns-message-id"] == message_id
    assert headers["x-amz-sns-topic-arn"] == topic
    assert headers["x-amz-sns-subscription-arn"] == subscription
    assert headers["content-type"] == "text/plain; charset=UTF-8"
    assert headers["user-agent"] == "Amazon Simple Notification Service Agent"
    document = json.loads(body)
    assert document["Type"] == "Notification"
    assert document["MessageId"] == message_id
    assert document["Message"] == "hello http"
    assert document["Subject"] == "hi"
    assert document["MessageAttributes"] == {"k": {"Type": "String", "Value": "v"}}
    assert subscription in document["UnsubscribeURL"]


def test_raw_notification_post(sns, topic, endpoint):
    _subscribe_and_confirm(sns, topic, endpoint, RawMessageDelivery="true")
    sns.publish(TopicArn=topic, Message="just the text")
    (notification,) = wait_for(lambda: endpoint.of_type("Notification"))
    assert notification[2] == "just the text"
    assert notification[1]["x-amz-sns-rawdelivery"] == "true"


def test_failing_endpoint_goes_to_dlq(sns, aws_client, topic, endpoint, unique_name):
    sqs = aws_client("sqs")
    dlq = sqs.create_queue(QueueName=unique_name("http-dlq"))["QueueUrl"]
    try:
        subscription = _subscribe_and_confirm(sns, topic, endpoint)
        sns.set_subscription_attributes(
            SubscriptionArn=subscription,
            AttributeName="RedrivePolicy",
            AttributeValue=json.dumps({"deadLetterTargetArn": allow_sns(sqs, dlq)}),
        )
        endpoint.status = 500
        message_id = sns.publish(TopicArn=topic, Message="server error")["MessageId"]
        (dead,) = receive(sqs, dlq)
        assert json.loads(dead["Body"])["MessageId"] == message_id
        assert len(endpoint.of_type("Notification")) >= 2  # server errors were retried before giving up
    finally:
        sqs.delete_queue(QueueUrl=dlq)


def test_visiting_unsubscribe_url_unsubscribes(sns, topic, endpoint, server):
    _subscribe_and_confirm(sns, topic, endpoint)
    sns.publish(TopicArn=topic, Message="one")
    (notification,) = wait_for(lambda: endpoint.of_type("Notification"))
    url = _visitable(json.loads(notification[2])["UnsubscribeURL"], server)
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200
    assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []


def test_a_sent_token_with_other_topic_arns(sns, topic, endpoint):
    # Recorded against AWS (LocalStack's test_subscribe_external_http_endpoint): a TopicArn that is no
    # ARN, or the topic's name in another region, is "Invalid parameter: Topic"; another topic of the
    # same region (one that does not exist too) confirms the subscription the token was sent for.
    answer = sns.subscribe(
        TopicArn=topic, Protocol="http", Endpoint=f"{endpoint.url}/hook", ReturnSubscriptionArn=True
    )
    (confirmation,) = wait_for(lambda: endpoint.of_type("SubscriptionConfirmation"))
    token = json.loads(confirmation[2])["Token"]
    other_region = topic.replace(":us-east-1:", ":eu-central-1:")
    for arn in ("not-an-arn", other_region):
        with pytest.raises(sns.exceptions.InvalidParameterException) as error:
            sns.confirm_subscription(TopicArn=arn, Token=token)
        assert error.value.response["Error"]["Message"] == "Invalid parameter: Topic"
    nonexistent = topic[:-1] + ("a" if topic[-1] != "a" else "b")
    confirmed = sns.confirm_subscription(TopicArn=nonexistent, Token=token)["SubscriptionArn"]
    assert confirmed == answer["SubscriptionArn"]
    attributes = sns.get_subscription_attributes(SubscriptionArn=confirmed)["Attributes"]
    assert attributes["PendingConfirmation"] == "false"
