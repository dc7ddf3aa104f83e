"""SenderId as AWS records it (ReceiveMessage's API reference): the account id for the account's root
user, the IAM user's id for that user's key, `<role id>:<session>` for assumed-role credentials, over
JSON and the query protocol; SNS deliveries carry the service's id, not the publisher's."""

from __future__ import annotations

import json
import re
from typing import Any, Callable

import pytest
import requests

from tests.integration.queue_policy_support import SNS, allow_service

AUTH = (
    "AWS4-HMAC-SHA256 Credential={key}/20240101/us-east-1/sqs/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=0"
)


@pytest.fixture
def sqs(aws_client: Callable[..., Any]) -> Any:
    return aws_client("sqs")


@pytest.fixture
def queue_url(sqs: Any, unique_name: Callable[[str], str]) -> Any:
    url = sqs.create_queue(QueueName=unique_name("sender"))["QueueUrl"]
    yield url
    sqs.delete_queue(QueueUrl=url)


def _sender_ids(sqs: Any, url: str, count: int) -> list[str]:
    ids: list[str] = []
    while len(ids) < count:
        answer = sqs.receive_message(
            QueueUrl=url, MessageSystemAttributeNames=["SenderId"], MaxNumberOfMessages=10, WaitTimeSeconds=2
        )
        assert answer.get("Messages"), f"only {len(ids)} of {count} messages arrived"
        for message in answer["Messages"]:
            ids.append(message["Attributes"]["SenderId"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return ids


def test_the_root_user_is_the_account(sqs: Any, queue_url: str, aws_client: Callable[..., Any]) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="one")
    sqs.send_message_batch(QueueUrl=queue_url, Entries=[{"Id": "a", "MessageBody": "a"}])
    # A 12-digit access key acts as that account's root user, also across accounts.
    other = aws_client("sqs", credentials={"aws_access_key_id": "111111111111"})
    other.send_message(QueueUrl=queue_url, MessageBody="two")
    assert sorted(_sender_ids(sqs, queue_url, 3)) == ["000000000000", "000000000000", "111111111111"]


def test_query_protocol_send(server: Any, sqs: Any, queue_url: str) -> None:
    headers = {
        "Authorization": AUTH.format(key="222222222222"),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    form = {"Action": "SendMessage", "QueueUrl": queue_url, "MessageBody": "q"}
    answer = requests.post(server.endpoint_url, data=form, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    form = {
        "Action": "SendMessageBatch",
        "QueueUrl": queue_url,
        "SendMessageBatchRequestEntry.1.Id": "b",
        "SendMessageBatchRequestEntry.1.MessageBody": "b",
    }
    answer = requests.post(server.endpoint_url, data=form, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    assert _sender_ids(sqs, queue_url, 2) == ["222222222222", "222222222222"]


def test_iam_user_and_assumed_role(
    sqs: Any, queue_url: str, aws_client: Callable[..., Any], unique_name: Callable[[str], str]
) -> None:
    iam, sts = aws_client("iam"), aws_client("sts")
    user = unique_name("sender")
    user_id = iam.create_user(UserName=user)["User"]["UserId"]
    key = iam.create_access_key(UserName=user)["AccessKey"]
    as_user = aws_client(
        "sqs",
        credentials={
            "aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"],
        },
    )
    as_user.send_message(QueueUrl=queue_url, MessageBody="user")
    assert _sender_ids(sqs, queue_url, 1) == [user_id]

    trust = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName=unique_name("sender"), AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    credentials = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="worker")["Credentials"]
    as_role = aws_client(
        "sqs",
        credentials={
            "aws_access_key_id": credentials["AccessKeyId"],
            "aws_secret_access_key": credentials["SecretAccessKey"],
            "aws_session_token": credentials["SessionToken"],
        },
    )
    as_role.send_message(QueueUrl=queue_url, MessageBody="role")
    assert _sender_ids(sqs, queue_url, 1) == [f"{role['RoleId']}:worker"]
    iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
    iam.delete_user(UserName=user)
    iam.delete_role(RoleName=role["RoleName"])


def test_sns_delivery_carries_the_service_id(
    sqs: Any, queue_url: str, aws_client: Callable[..., Any], unique_name: Callable[[str], str]
) -> None:
    sns = aws_client("sns")
    topic = sns.create_topic(Name=unique_name("sender"))["TopicArn"]
    queue_arn = allow_service(sqs, queue_url, SNS, topic)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    sns.publish(TopicArn=topic, Message="from sns")
    [sender] = _sender_ids(sqs, queue_url, 1)
    assert sender != "000000000000"
    assert re.fullmatch(r"AIDA[A-Z0-9]{17}", sender)
    sns.delete_topic(TopicArn=topic)
