"""The developer endpoint /_aws/sqs/messages: peek at a queue's messages without receiving them, and
purge them with DELETE."""

from __future__ import annotations

import requests


def test_peek_lists_messages_without_receiving_them(server, aws_client, unique_name):
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("peek"))["QueueUrl"]
    try:
        sqs.send_message(
            QueueUrl=url,
            MessageBody="hello",
            MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}},
        )
        sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
        endpoint = f"{server.edge_url}/_aws/sqs/messages"
        answer = requests.get(
            endpoint, params={"QueueUrl": url}, headers={"Accept": "application/json"}, timeout=10
        )
        assert answer.status_code == 200
        messages = answer.json()["Messages"]
        assert [m["Body"] for m in messages] == ["hello"]
        assert messages[0]["MessageAttributes"] == {"k": {"DataType": "String", "StringValue": "v"}}
        assert messages[0]["Attributes"]["ApproximateReceiveCount"] == "0"

        delayed = requests.get(
            endpoint,
            params={"QueueUrl": url, "ShowDelayed": "true"},
            headers={"Accept": "application/json"},
            timeout=10,
        ).json()["Messages"]
        assert sorted(m["Body"] for m in delayed) == ["hello", "later"]

        xml = requests.get(endpoint, params={"QueueUrl": url}, timeout=10)
        assert xml.status_code == 200 and "<Body>hello</Body>" in xml.text

        # The peek took no lease: a real receive still gets the message, as a first receive.
        received = sqs.receive_message(QueueUrl=url, MessageSystemAttributeNames=["All"])["Messages"]
        assert received[0]["Body"] == "hello"
        assert received[0]["Attributes"]["ApproximateReceiveCount"] == "1"

        assert requests.delete(endpoint, params={"QueueUrl": url}, timeout=10).status_code == 204
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        assert attributes["ApproximateNumberOfMessages"] == "0"
        assert attributes["ApproximateNumberOfMessagesDelayed"] == "0"
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_peek_of_a_missing_queue(server):
    answer = requests.get(
        f"{server.edge_url}/_aws/sqs/messages",
        params={"QueueUrl": "http://localhost:4566/000000000000/no-such-queue"},
        timeout=10,
    )
    assert answer.status_code == 400
    assert "AWS.SimpleQueueService.NonExistentQueue" in answer.text
