"""SNS delivery to a Firehose delivery stream (PutRecord of the envelope, or the raw message)."""

from __future__ import annotations

import json

from tests.integration.test_sns_delivery_support import wait_for


def test_firehose_subscription_writes_to_s3(aws_client, unique_name):
    sns, firehose, s3 = aws_client("sns"), aws_client("firehose"), aws_client("s3")
    bucket, stream = unique_name("sns-fh"), unique_name("sns-fh")
    s3.create_bucket(Bucket=bucket)
    stream_arn = firehose.create_delivery_stream(
        DeliveryStreamName=stream,
        ExtendedS3DestinationConfiguration={
            "RoleARN": "arn:aws:iam::000000000000:role/firehose",
            "BucketARN": f"arn:aws:s3:::{bucket}",
            "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 0},
        },
    )["DeliveryStreamARN"]
    topic = sns.create_topic(Name=unique_name("fh"))["TopicArn"]
    try:
        sns.subscribe(
            TopicArn=topic,
            Protocol="firehose",
            Endpoint=stream_arn,
            Attributes={"SubscriptionRoleArn": "arn:aws:iam::000000000000:role/sns-firehose"},
        )
        message_id = sns.publish(TopicArn=topic, Message="to the stream")["MessageId"]
        keys = wait_for(lambda: [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])])
        assert keys
        data = b"".join(s3.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys)
        envelope = json.loads(data)
        assert envelope["MessageId"] == message_id
        assert envelope["Message"] == "to the stream"
    finally:
        sns.delete_topic(TopicArn=topic)
        firehose.delete_delivery_stream(DeliveryStreamName=stream)
        for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=item["Key"])
        s3.delete_bucket(Bucket=bucket)
