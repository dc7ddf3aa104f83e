"""SQS queue attributes shown as AWS shows them: policies set, kept and cleared, whole-second
timestamps, and AddPermission / RemovePermission rewriting the policy."""

from __future__ import annotations

import json

import pytest
import requests
from botocore.exceptions import ClientError

from tests.integration.test_sqs_validation import AUTH


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def make_queue(sqs, unique_name):
    urls: list[str] = []

    def make() -> tuple[str, str]:
        url = sqs.create_queue(QueueName=unique_name("attr"))["QueueUrl"]
        urls.append(url)
        return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]

    yield make
    for url in urls:
        sqs.delete_queue(QueueUrl=url)


def _attributes(sqs, url: str, *names: str) -> dict:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=list(names) or ["All"]).get("Attributes", {})


def test_redrive_policy_set_shown_compact_and_cleared(sqs, make_queue):
    url, _ = make_queue()
    _, dlq_arn = make_queue()
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": policy})
    shown = _attributes(sqs, url, "RedrivePolicy")["RedrivePolicy"]
    assert shown == f'{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":5}}'
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": ""})
    assert "RedrivePolicy" not in _attributes(sqs, url)
    assert _attributes(sqs, url, "RedrivePolicy") == {}


def test_redrive_allow_policy_set_and_cleared(sqs, make_queue):
    url, _ = make_queue()
    allow = json.dumps({"redrivePermission": "denyAll"})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedriveAllowPolicy": allow})
    assert _attributes(sqs, url, "RedriveAllowPolicy") == {"RedriveAllowPolicy": allow}
    assert _attributes(sqs, url)["RedriveAllowPolicy"] == allow
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedriveAllowPolicy": ""})
    assert "RedriveAllowPolicy" not in _attributes(sqs, url)


def test_policy_kept_as_sent_and_across_other_changes(sqs, make_queue):
    url, arn = make_queue()
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": arn}
            ],
        }
    )
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "45"})
    assert _attributes(sqs, url, "Policy") == {"Policy": policy}
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": ""})
    assert "Policy" not in _attributes(sqs, url)


def test_add_and_remove_permission_rewrite_the_policy(sqs, make_queue):
    url, arn = make_queue()
    sqs.add_permission(QueueUrl=url, Label="l1", AWSAccountIds=["111111111111"], Actions=["SendMessage"])
    policy = json.loads(_attributes(sqs, url, "Policy")["Policy"])
    assert policy["Statement"] == [
        {
            "Sid": "l1",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
            "Action": "SQS:SendMessage",
            "Resource": arn,
        }
    ]
    sqs.remove_permission(QueueUrl=url, Label="l1")
    assert "Policy" not in _attributes(sqs, url)
    # Recorded against AWS in JSON: the policy alone asked for after the last removal, an empty map.
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"] == {}


def test_query_protocol_answers_no_attributes_element_for_none(sqs, make_queue, server):
    url, _ = make_queue()
    answer = requests.post(
        server.edge_url,
        data={
            "Version": "2012-11-05",
            "Action": "GetQueueAttributes",
            "QueueUrl": url,
            "AttributeName.1": "Policy",
        },
        headers={"Authorization": AUTH},
        timeout=10,
    )
    assert answer.status_code == 200
    assert "<Attribute>" not in answer.text and "<GetQueueAttributesResult/>" in answer.text


def test_a_policy_add_permission_creates_has_aws_s_version(sqs, make_queue):
    # Recorded against AWS (LocalStack's test_sqs_permission_lifecycle): version 2008-10-17, the default
    # policy's id; a policy the client set keeps its own version.
    url, arn = make_queue()
    sqs.add_permission(QueueUrl=url, Label="l1", AWSAccountIds=["111111111111"], Actions=["ReceiveMessage"])
    policy = json.loads(_attributes(sqs, url, "Policy")["Policy"])
    assert (policy["Version"], policy["Id"]) == ("2008-10-17", f"{arn}/SQSDefaultPolicy")
    statement = {
        "Sid": "own",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "sqs:SendMessage",
        "Resource": arn,
    }
    own = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": own})
    sqs.add_permission(QueueUrl=url, Label="l2", AWSAccountIds=["111111111111"], Actions=["ReceiveMessage"])
    assert json.loads(_attributes(sqs, url, "Policy")["Policy"])["Version"] == "2012-10-17"


def test_all_shows_whole_second_timestamps_and_managed_sse(sqs, make_queue):
    url, _ = make_queue()
    attributes = _attributes(sqs, url)
    assert attributes["CreatedTimestamp"].isdigit()
    assert attributes["LastModifiedTimestamp"].isdigit()
    assert attributes["SqsManagedSseEnabled"] == "true"
    assert "Policy" not in attributes and "RedrivePolicy" not in attributes


def test_a_kms_key_turns_sqs_managed_encryption_off_and_back(sqs, make_queue, unique_name):
    url, _ = make_queue()
    assert _attributes(sqs, url)["SqsManagedSseEnabled"] == "true"
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"KmsMasterKeyId": "alias/aws/sqs"})
    shown = _attributes(sqs, url)
    assert shown["SqsManagedSseEnabled"] == "false"
    assert shown["KmsMasterKeyId"] == "alias/aws/sqs"
    assert shown["KmsDataKeyReusePeriodSeconds"] == "300"
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"KmsMasterKeyId": ""})
    shown = _attributes(sqs, url)
    assert shown["SqsManagedSseEnabled"] == "true"
    assert "KmsMasterKeyId" not in shown
    created = sqs.create_queue(QueueName=unique_name("kms"), Attributes={"KmsMasterKeyId": "alias/aws/sqs"})
    try:
        shown = _attributes(sqs, created["QueueUrl"], "SqsManagedSseEnabled")
        assert shown == {"SqsManagedSseEnabled": "false"}
    finally:
        sqs.delete_queue(QueueUrl=created["QueueUrl"])


def test_dead_letter_source_queues_paged_by_max_results(sqs, make_queue):
    # API reference: MaxResults 1 to 1000, a NextToken only when MaxResults is set.
    dlq, dlq_arn = make_queue()
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3})
    sources = []
    for _ in range(3):
        url, _ = make_queue()
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": policy})
        sources.append(url)
    assert sorted(sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"]) == sorted(sources)
    first = sqs.list_dead_letter_source_queues(QueueUrl=dlq, MaxResults=2)
    assert len(first["queueUrls"]) == 2 and first["NextToken"]
    rest = sqs.list_dead_letter_source_queues(QueueUrl=dlq, MaxResults=2, NextToken=first["NextToken"])
    assert "NextToken" not in rest
    assert sorted(first["queueUrls"] + rest["queueUrls"]) == sorted(sources)
    with pytest.raises(ClientError) as info:
        sqs.list_dead_letter_source_queues(QueueUrl=dlq, MaxResults=0)
    assert info.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert "MaxResults must be an integer between 1 and 1000" in info.value.response["Error"]["Message"]


def test_tag_queue_limit_counts_the_tags_already_there(sqs, make_queue):
    # SQS quotas: 50 tags per queue.
    url, _ = make_queue()
    sqs.tag_queue(QueueUrl=url, Tags={f"a{i}": "v" for i in range(30)})
    name = url.rsplit("/", 1)[1]
    with pytest.raises(ClientError) as info:
        sqs.tag_queue(QueueUrl=url, Tags={f"b{i}": "v" for i in range(21)})
    assert info.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert info.value.response["Error"]["Message"] == f"Too many tags added for queue {name}."
    sqs.tag_queue(QueueUrl=url, Tags={f"a{i}": "w" for i in range(30)} | {f"b{i}": "v" for i in range(20)})
    assert len(sqs.list_queue_tags(QueueUrl=url)["Tags"]) == 50


def test_list_queue_tags_of_an_untagged_queue_shows_an_empty_map(sqs, make_queue, server):
    # Recorded against AWS in JSON (LocalStack's test_tag_untag_queue): "Tags": {} once none is left.
    url, _ = make_queue()
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {}
    sqs.tag_queue(QueueUrl=url, Tags={"team": "a"})
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "a"}
    sqs.untag_queue(QueueUrl=url, TagKeys=["team"])
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {}
    answer = requests.post(
        server.edge_url,
        data={"Version": "2012-11-05", "Action": "ListQueueTags", "QueueUrl": url},
        headers={"Authorization": AUTH},
        timeout=10,
    )
    assert answer.status_code == 200 and "<Tag>" not in answer.text


def test_names_matching_none_of_a_message_s_attributes_give_an_empty_map(sqs, make_queue):
    # Recorded against AWS in the JSON protocol (LocalStack's "only_non_existing_names"): an empty
    # MessageAttributes map without MD5; reserved or malformed names ("AWS.", "..foo") as no names.
    url, _ = make_queue()
    attributes = {"Hello": {"DataType": "String", "StringValue": "There"}}
    sqs.send_message(QueueUrl=url, MessageBody="msg", MessageAttributes=attributes)
    sqs.send_message(QueueUrl=url, MessageBody="bare")

    def received(names: list[str]) -> dict[str, dict]:
        answer = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0, MessageAttributeNames=names
        )
        return {message["Body"]: message for message in answer["Messages"]}

    messages = received(["Foo", "Help"])
    assert messages["msg"]["MessageAttributes"] == {}
    assert "MD5OfMessageAttributes" not in messages["msg"]
    assert "MessageAttributes" not in messages["bare"]
    for illegal in (["AWS."], ["..foo"], []):
        assert "MessageAttributes" not in received(illegal)["msg"]
    assert received(["Hel.*"])["msg"]["MessageAttributes"] == attributes
