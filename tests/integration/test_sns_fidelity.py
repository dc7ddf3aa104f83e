"""SNS as AWS answers it: subscription attributes (SubscriptionPrincipal) and PublishBatch limits."""

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


def test_publish_batch_limits(aws_client, unique_name):
    import pytest
    from botocore.exceptions import ClientError

    sns = aws_client("sns")
    topic = sns.create_topic(Name=unique_name("batch"))["TopicArn"]
    try:
        cases = [
            ([], "EmptyBatchRequest", "The batch request doesn't contain any entries."),
            (
                [{"Id": str(i), "Message": "m"} for i in range(11)],
                "TooManyEntriesInBatchRequest",
                "The batch request contains more entries than permissible.",
            ),
            (
                [{"Id": "a", "Message": "m"}, {"Id": "a", "Message": "n"}],
                "BatchEntryIdsNotDistinct",
                "Two or more batch entries in the request have the same Id.",
            ),
        ]
        for entries, code, message in cases:
            with pytest.raises(ClientError) as info:
                sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=entries)
            assert (info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]) == (
                code,
                message,
            )
    finally:
        sns.delete_topic(TopicArn=topic)
