"""GET /_aws/sqs/messages?QueueUrl=...: a queue's messages, peeked without receiving them (no visibility
change, no receive count); ShowInvisible=true and ShowDelayed=true add in-flight and delayed ones.
DELETE on it purges the queue. Answers JSON (ReceiveMessage's JSON shape) when the client accepts
application/json, else ReceiveMessage's XML."""

from __future__ import annotations

import base64
import re
from typing import Any
from urllib.parse import parse_qsl, urlparse
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack.config import get_config
from localstack.services.sqs.sqs_starter import MESSAGES_PATH
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request, json_response

# What AWS's console-like peeks show instead of a handle: a peek takes no lease on the message.
PEEK_RECEIPT_HANDLE = "SQS/BACKDOOR/ACCESS"
_REGION_IN_HOST = re.compile(r"(?:^|\.)sqs\.([a-z0-9-]+)\.")
XMLNS = "http://queue.amazonaws.com/doc/2012-11-05/"


def handle_messages(request: Request) -> Response:
    query = dict(parse_qsl(request.query_string))
    queue = _find_queue(request.path_only, query)
    if request.method == "GET":
        show_invisible = query.get("ShowInvisible", "").lower() == "true"
        show_delayed = query.get("ShowDelayed", "").lower() == "true"
        with queue._messages_lock:
            messages = [
                _message_view(m)
                for m in queue._messages
                if (show_invisible or m.visible) and (show_delayed or not m.delayed)
            ]
        if "json" in (request.headers.get("Accept") or ""):
            return json_response({"Messages": messages})
        return Response(_xml(messages), status=200, mimetype="text/xml")
    if request.method == "DELETE":
        with queue._messages_lock:
            queue._messages = []
            queue._pending_messages = set()
        return Response(status=204)
    raise AWSError(
        "MethodNotAllowed", f"{request.method} is not allowed on {MESSAGES_PATH}: GET or DELETE", 405
    )


def _find_queue(path: str, query: dict[str, str]) -> Any:
    """The queue named by ?QueueUrl= or by the path /_aws/sqs/messages/<region>/<account>/<name>."""
    from moto.sqs.models import sqs_backends

    rest = path[len(MESSAGES_PATH) :].strip("/")
    if rest:
        parts = rest.split("/")
        if len(parts) != 3:
            raise AWSError("InvalidParameterValue", "Use /_aws/sqs/messages/<region>/<account>/<queue name>.")
        region, account, name = parts
        regions = [region]
    else:
        url = query.get("QueueUrl")
        if not url:
            raise AWSError("MissingParameter", "The request must contain the parameter QueueUrl.")
        parsed = urlparse(url)
        segments = parsed.path.strip("/").split("/")
        if len(segments) != 2:
            raise AWSError("InvalidAddress", f"The address {url} is not valid for this endpoint.", 404)
        account, name = segments
        match = _REGION_IN_HOST.search(parsed.hostname or "")
        # A path-style URL names no region: the account's regions are searched, the default first.
        regions = [match.group(1)] if match else [get_config().default_region]
        if not match and account in sqs_backends:
            regions += [r for r in sqs_backends[account].keys() if r not in regions]
    for region in regions:
        if account in sqs_backends and region in sqs_backends[account].keys():
            queue = sqs_backends[account][region].queues.get(name)
            if queue is not None:
                return queue
    raise AWSError("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.")


def _message_view(message: Any) -> dict[str, Any]:
    attributes = {
        "SenderId": message.sender_id,
        "SentTimestamp": str(message.sent_timestamp),
        "ApproximateReceiveCount": str(message.approximate_receive_count),
        "ApproximateFirstReceiveTimestamp": str(message.approximate_first_receive_timestamp or 0),
    }
    if message.group_id is not None:
        attributes["MessageGroupId"] = message.group_id
    if message.deduplication_id is not None:
        attributes["MessageDeduplicationId"] = message.deduplication_id
    if message.sequence_number is not None:
        attributes["SequenceNumber"] = message.sequence_number
    view: dict[str, Any] = {
        "MessageId": message.id,
        "ReceiptHandle": PEEK_RECEIPT_HANDLE,
        "MD5OfBody": message.body_md5,
        "Body": message.body,
        "Attributes": attributes,
    }
    if message.message_attributes:
        view["MD5OfMessageAttributes"] = message.attribute_md5
        view["MessageAttributes"] = {
            name: _attribute_view(value) for name, value in message.message_attributes.items()
        }
    return view


def _attribute_view(value: dict[str, Any]) -> dict[str, Any]:
    out = {"DataType": value.get("DataType")}
    if value.get("StringValue") is not None:
        out["StringValue"] = value["StringValue"]
    binary = value.get("BinaryValue")
    if binary is not None:
        out["BinaryValue"] = base64.b64encode(binary).decode() if isinstance(binary, bytes) else binary
    return out


def _xml(messages: list[dict[str, Any]]) -> str:
    parts = []
    for message in messages:
        fields = "".join(
            f"<{key}>{escape(str(message[key]))}</{key}>"
            for key in ("MessageId", "ReceiptHandle", "MD5OfBody", "Body", "MD5OfMessageAttributes")
            if key in message
        )
        fields += "".join(
            f"<Attribute><Name>{escape(k)}</Name><Value>{escape(v)}</Value></Attribute>"
            for k, v in message["Attributes"].items()
        )
        for name, value in message.get("MessageAttributes", {}).items():
            inner = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in value.items())
            fields += (
                f"<MessageAttribute><Name>{escape(name)}</Name><Value>{inner}</Value></MessageAttribute>"
            )
        parts.append(f"<Message>{fields}</Message>")
    return (
        f'<?xml version="1.0"?><ReceiveMessageResponse xmlns="{XMLNS}"><ReceiveMessageResult>'
        f"{''.join(parts)}</ReceiveMessageResult><ResponseMetadata><RequestId>peek</RequestId>"
        "</ResponseMetadata></ReceiveMessageResponse>"
    )
