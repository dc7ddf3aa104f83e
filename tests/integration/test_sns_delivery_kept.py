"""SNS messages that leave no trace elsewhere are kept at GET /_localstack/sns/messages: email and
email-json subscribers (after the confirmation), SMS (topic subscribers and PublishToPhoneNumber),
and platform application endpoints (topic subscribers and direct publishes)."""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.integration.test_sns_delivery_support import kept_messages, wait_for


@pytest.fixture
def sns(aws_client):
    return aws_client("sns")


@pytest.fixture
def topic(sns, unique_name):
    arn = sns.create_topic(Name=unique_name("kept"))["TopicArn"]
    yield arn
    sns.delete_topic(TopicArn=arn)


def _confirm_email(sns, server, topic: str, address: str) -> None:
    (confirmation,) = kept_messages(
        server.edge_url, topicArn=topic, endpoint=address, type="SubscriptionConfirmation"
    )
    assert confirmation["subscribeURL"].endswith("Token=" + confirmation["token"])
    sns.confirm_subscription(TopicArn=topic, Token=confirmation["token"])


def test_email_and_email_json(sns, server, topic, unique_name):
    plain, as_json = f"{unique_name('a')}@example.com", f"{unique_name('b')}@example.com"
    assert (
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint=plain)["SubscriptionArn"]
        == "pending confirmation"
    )
    sns.subscribe(TopicArn=topic, Protocol="email-json", Endpoint=as_json)
    _confirm_email(sns, server, topic, plain)
    _confirm_email(sns, server, topic, as_json)
    message_id = sns.publish(TopicArn=topic, Message="hello inbox", Subject="news")["MessageId"]

    def notifications():
        found = kept_messages(server.edge_url, topicArn=topic, type="Notification")
        return found if len(found) == 2 else None

    found = {m["protocol"]: m for m in wait_for(notifications)}
    assert found["email"]["endpoint"] == plain
    assert found["email"]["message"] == "hello inbox"
    assert found["email"]["subject"] == "news"
    assert found["email"]["messageId"] == message_id
    envelope = json.loads(found["email-json"]["message"])
    assert envelope["Type"] == "Notification" and envelope["Message"] == "hello inbox"
    assert envelope["MessageId"] == message_id


def test_unconfirmed_email_gets_nothing(sns, server, topic, unique_name):
    address = f"{unique_name('c')}@example.com"
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint=address)
    sns.publish(TopicArn=topic, Message="nobody confirmed")
    kept = kept_messages(server.edge_url, endpoint=address)
    assert [m["type"] for m in kept] == ["SubscriptionConfirmation"]


def test_sms_subscription_and_direct(sns, server, topic):
    number = "+15550100" + str(abs(hash(topic)) % 1000).zfill(3)
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=number)
    sns.publish(TopicArn=topic, Message="via topic")
    direct_id = sns.publish(PhoneNumber=number, Message="direct text")["MessageId"]

    def both():
        found = kept_messages(server.edge_url, phoneNumber=number)
        return found if len(found) == 2 else None

    found = wait_for(both)
    assert sorted(m["message"] for m in found) == ["direct text", "via topic"]
    direct = next(m for m in found if m["message"] == "direct text")
    assert direct["messageId"] == direct_id and direct["protocol"] == "sms" and direct["topicArn"] is None
    via_topic = next(m for m in found if m["message"] == "via topic")
    assert via_topic["topicArn"] == topic


def test_platform_endpoint(sns, server, topic, unique_name):
    app = sns.create_platform_application(
        Name=unique_name("app"), Platform="GCM", Attributes={"PlatformCredential": "key"}
    )["PlatformApplicationArn"]
    try:
        endpoint = sns.create_platform_endpoint(PlatformApplicationArn=app, Token=unique_name("device"))[
            "EndpointArn"
        ]
        sns.subscribe(TopicArn=topic, Protocol="application", Endpoint=endpoint)
        structured = json.dumps({"default": "plain", "GCM": json.dumps({"data": {"k": "v"}})})
        sns.publish(TopicArn=topic, Message=structured, MessageStructure="json")
        sns.publish(TargetArn=endpoint, Message="direct push")

        def both():
            found = kept_messages(server.edge_url, endpointArn=endpoint)
            return found if len(found) == 2 else None

        found = wait_for(both)
        messages = sorted(m["message"] for m in found)
        assert messages == ["direct push", json.dumps({"data": {"k": "v"}})]
        assert {m["protocol"] for m in found} == {"application"}
    finally:
        sns.delete_platform_application(PlatformApplicationArn=app)


def test_delete_clears_kept_messages(sns, server, topic):
    number = "+15550199" + str(abs(hash(topic)) % 1000).zfill(3)
    sns.publish(PhoneNumber=number, Message="to be deleted")
    assert wait_for(lambda: kept_messages(server.edge_url, phoneNumber=number))
    request = urllib.request.Request(
        f"{server.edge_url}/_localstack/sns/messages?phoneNumber={number.replace('+', '%2B')}",
        method="DELETE",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert json.loads(response.read())["deleted"] == 1
    assert kept_messages(server.edge_url, phoneNumber=number) == []
