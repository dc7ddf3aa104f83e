"""SQS through the edge and the legacy port."""

import pytest
import requests


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
def test_send_receive_delete(aws_client, unique_name, legacy):
    sqs = aws_client("sqs", legacy=legacy)
    url = sqs.create_queue(QueueName=unique_name("q"))["QueueUrl"]
    try:
        sqs.send_message(QueueUrl=url, MessageBody="hello")
        messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
        assert [m["Body"] for m in messages] == ["hello"]
        sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
        assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_queue_url_works_directly(aws_client, server, unique_name):
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("q"))["QueueUrl"]
    try:
        assert url.startswith(f"http://localhost:{server.edge_port}/000000000000/")
        direct = url.replace("localhost", "127.0.0.1")
        response = requests.post(
            direct,
            data={"Action": "SendMessage", "MessageBody": "direct"},
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 200, response.text
        assert "<MessageId>" in response.text
        body = sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"]
        assert body == "direct"
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_regions_are_separate(aws_client, unique_name):
    name = unique_name("q")
    eu = aws_client("sqs", region="eu-west-1")
    us = aws_client("sqs", region="us-east-1")
    url = eu.create_queue(QueueName=name)["QueueUrl"]
    try:
        assert any(u.endswith(name) for u in eu.list_queues(QueueNamePrefix=name).get("QueueUrls", []))
        assert us.list_queues(QueueNamePrefix=name).get("QueueUrls", []) == []
    finally:
        eu.delete_queue(QueueUrl=url)
