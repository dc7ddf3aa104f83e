import json

import boto3


def handler(event, context):
    s3 = boto3.client("s3")
    s3.put_object(Bucket=event["bucket"], Key=event["key"], Body=json.dumps({"from": context.function_name}))
    sqs = boto3.client("sqs")
    if event.get("queue_url"):
        sqs.send_message(QueueUrl=event["queue_url"], MessageBody=json.dumps(event))
    return {"buckets": [b["Name"] for b in s3.list_buckets()["Buckets"]]}
