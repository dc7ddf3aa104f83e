"""SQS in the dashboard: queues with their counts; peek, send and purge."""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import quote

from werkzeug.datastructures import Headers

from localstack.dashboard.scope import ActionFailed, Scope, required
from localstack.utils.http import Request

COUNTS = [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
]


def queues(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    sqs = aws.client("sqs")
    result = []
    for url in sqs.list_queues(MaxResults=1000).get("QueueUrls", []):
        try:
            attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=COUNTS)["Attributes"]
        except sqs.exceptions.QueueDoesNotExist:
            continue  # deleted between the two calls
        result.append(
            {
                "QueueUrl": url,
                "Name": url.rsplit("/", 1)[-1],
                "Messages": int(attributes.get(COUNTS[0], 0)),
                "InFlight": int(attributes.get(COUNTS[1], 0)),
                "Delayed": int(attributes.get(COUNTS[2], 0)),
            }
        )
    return result


def peek(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    """The visible messages, left in the queue untouched (no receive count, no visibility change):
    the developer endpoint GET /_aws/sqs/messages, called through the gateway as a user's GET is."""
    url = required(params, "queueUrl")
    headers = Headers({"Accept": "application/json", "Host": "localhost"})
    response = aws.gateway(Request("GET", f"/_aws/sqs/messages?QueueUrl={quote(url, safe='')}", b"", headers))
    if response.status_code != 200:
        try:
            error = json.loads(response.get_data())
        except ValueError:
            error = {"message": response.get_data(as_text=True)[:500]}
        code = str(error.get("__type") or "PeekFailed").rpartition("#")[2]
        raise ActionFailed(response.status_code, code, str(error.get("message") or error))
    return json.loads(response.get_data()).get("Messages", [])


def send(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    kwargs: dict[str, Any] = {"QueueUrl": required(params, "queueUrl"), "MessageBody": body.decode("utf-8")}
    if params.get("groupId"):
        kwargs["MessageGroupId"] = params["groupId"]
        kwargs["MessageDeduplicationId"] = params.get("deduplicationId") or uuid.uuid4().hex
    sent = aws.client("sqs").send_message(**kwargs)
    return {"MessageId": sent["MessageId"]}


def purge(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    aws.client("sqs").purge_queue(QueueUrl=required(params, "queueUrl"))
    return {"purged": True}


ACTIONS = {"queues": queues, "peek": peek, "send": send, "purge": purge}
