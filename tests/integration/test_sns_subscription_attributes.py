"""SNS subscription attributes as AWS shows them: the subscribing principal among them."""

from __future__ import annotations


def test_subscription_names_its_principal(aws_client, unique_name):
    sns, sqs = aws_client("sns"), aws_client("sqs")
    topic = sns.create_topic(Name=unique_name("principal"))["TopicArn"]
    queue_url = sqs.create_queue(QueueName=unique_name("principal"))["QueueUrl"]
    try:
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)["SubscriptionArn"]
        attributes = sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
        assert attributes["SubscriptionPrincipal"] == "arn:aws:iam::000000000000:root"
        assert attributes["Owner"] == "000000000000"
        assert attributes["PendingConfirmation"] == "false"
    finally:
        sns.delete_topic(TopicArn=topic)
        sqs.delete_queue(QueueUrl=queue_url)
