"""SNS through the edge and the legacy port: topics, subscriptions, publish."""

import pytest
from botocore.exceptions import ClientError

from tests.integration.test_sns_delivery_support import allow_sns


@pytest.fixture(params=[False, True], ids=["edge", "legacy"])
def sns(request, aws_client):
    return aws_client("sns", legacy=request.param)


@pytest.fixture
def topic_arn(sns, unique_name):
    arn = sns.create_topic(Name=unique_name("topic"))["TopicArn"]
    yield arn
    sns.delete_topic(TopicArn=arn)


def test_create_list_delete_topic(sns, unique_name):
    name = unique_name("topic")
    arn = sns.create_topic(Name=name)["TopicArn"]
    assert arn == f"arn:aws:sns:us-east-1:000000000000:{name}"
    listed = [t["TopicArn"] for page in sns.get_paginator("list_topics").paginate() for t in page["Topics"]]
    assert arn in listed
    sns.delete_topic(TopicArn=arn)
    listed = [t["TopicArn"] for page in sns.get_paginator("list_topics").paginate() for t in page["Topics"]]
    assert arn not in listed


def test_subscribe_sqs_and_publish(sns, aws_client, topic_arn, unique_name):
    sqs = aws_client("sqs")
    queue_url = sqs.create_queue(QueueName=unique_name("sub"))["QueueUrl"]
    try:
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        allow_sns(sqs, queue_url, queue_arn)
        subscription = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn)
        subscription_arn = subscription["SubscriptionArn"]
        assert subscription_arn.startswith(topic_arn + ":")
        listed = sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
        assert [(s["Protocol"], s["Endpoint"]) for s in listed] == [("sqs", queue_arn)]
        message_id = sns.publish(TopicArn=topic_arn, Message="hello", Subject="greeting")["MessageId"]
        assert message_id
        sns.unsubscribe(SubscriptionArn=subscription_arn)
        assert sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"] == []
    finally:
        sqs.delete_queue(QueueUrl=queue_url)


def test_topic_attributes_and_tags(sns, topic_arn):
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="DisplayName", AttributeValue="Shown")
    attributes = sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]
    assert attributes["DisplayName"] == "Shown"
    assert attributes["TopicArn"] == topic_arn
    sns.tag_resource(ResourceArn=topic_arn, Tags=[{"Key": "team", "Value": "core"}])
    assert sns.list_tags_for_resource(ResourceArn=topic_arn)["Tags"] == [{"Key": "team", "Value": "core"}]


def test_publish_to_missing_topic(sns):
    with pytest.raises(ClientError) as error:
        sns.publish(TopicArn="arn:aws:sns:us-east-1:000000000000:no-such-topic", Message="x")
    assert error.value.response["Error"]["Code"] == "NotFound"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_regions_and_accounts_are_separate(aws_client, unique_name):
    name = unique_name("topic")
    eu = aws_client("sns", region="eu-west-1")
    other = aws_client("sns", credentials={"aws_access_key_id": "111111111111"})
    arn = eu.create_topic(Name=name)["TopicArn"]
    other_arn = other.create_topic(Name=name)["TopicArn"]
    try:
        assert arn == f"arn:aws:sns:eu-west-1:000000000000:{name}"
        assert other_arn == f"arn:aws:sns:us-east-1:111111111111:{name}"
        us_topics = [t["TopicArn"] for t in aws_client("sns").list_topics()["Topics"]]
        assert arn not in us_topics and other_arn not in us_topics
    finally:
        eu.delete_topic(TopicArn=arn)
        other.delete_topic(TopicArn=other_arn)
