"""How one message reaches one subscriber of each protocol that leaves the emulator's SNS: an SQS
queue (envelope or raw), a Lambda function (asynchronous invoke), an HTTP/S endpoint (POST), a
Firehose delivery stream (PutRecord)."""

from __future__ import annotations

import base64
import json
import threading
import time
from typing import TYPE_CHECKING, Any, Callable

from localstack.services.sns import delivery_policy, envelopes
from localstack.services.sns.publishing import Published
from localstack.services.sqs import queue_policy_access
from localstack.utils.aws.internal_client import connect_to, send_message

if TYPE_CHECKING:
    from localstack.services.sns.delivery import Target

HTTP_ATTEMPTS = 3
HTTP_BACKOFF = 0.2  # seconds before the 2nd attempt, doubled after
USER_AGENT = "Amazon Simple Notification Service Agent"

_http_lock = threading.Lock()
_http_pool: Any = None


class DeliveryError(Exception):
    """A subscriber did not take the message (the subscription's DLQ gets it, if it has one)."""


# The most message attributes an SQS message carries (SQS's quotas).
SQS_MAX_MESSAGE_ATTRIBUTES = 10


def sqs_attributes(message_attributes: dict[str, Any] | None) -> dict[str, Any]:
    """SNS message attributes ({Type, Value}) as SQS message attributes, for raw delivery."""
    result: dict[str, Any] = {}
    for name, attribute in (message_attributes or {}).items():
        kind, value = attribute["Type"], attribute["Value"]
        if kind.startswith("Binary"):
            result[name] = {"DataType": kind, "BinaryValue": base64.b64decode(value)}
        else:
            result[name] = {"DataType": kind, "StringValue": str(value)}
    return result


def raw_fits_a_queue(published: Published) -> bool:
    """SQS carries at most 10 message attributes: AWS discards a raw delivery of more as a client-side
    error (the SNS developer guide's message attributes page)."""
    return len(published.message_attributes or {}) <= SQS_MAX_MESSAGE_ATTRIBUTES


def send_to_queue(queue_arn: str, published: Published, target: Target, message: str, raw: bool) -> None:
    parts = queue_arn.split(":")
    if len(parts) != 6 or parts[2] != "sqs":
        raise DeliveryError(f"not an SQS queue ARN: {queue_arn}")
    region, account, name = parts[3], parts[4], parts[5]
    queue_policy_access.check_send(queue_arn, queue_policy_access.SNS, published.topic_arn or "")
    params: dict[str, Any] = {"QueueUrl": f"http://localhost/{account}/{name}"}
    if raw:
        if not raw_fits_a_queue(published):
            raise DeliveryError(
                f"Number of message attributes [{len(published.message_attributes)}] exceeds the allowed "
                f"maximum [{SQS_MAX_MESSAGE_ATTRIBUTES}]."
            )
        params["MessageBody"] = message
        attributes = sqs_attributes(published.message_attributes)
        if attributes:
            params["MessageAttributes"] = attributes
    else:
        envelope = envelopes.notification(published, target.arn, message, target.signature_version)
        params["MessageBody"] = envelopes.to_json(envelope)
    if published.trace_header:
        # AWS passes the publisher's X-Ray trace on (recorded: the queue's message carries it).
        trace = {"DataType": "String", "StringValue": published.trace_header}
        params["MessageSystemAttributes"] = {"AWSTraceHeader": trace}
    if name.endswith(".fifo"):
        params["MessageGroupId"] = published.group_id or "default"
        params["MessageDeduplicationId"] = published.deduplication_id or published.message_id
    elif published.group_id and not (published.topic_arn or "").endswith(".fifo"):
        # A standard topic forwards a publisher's MessageGroupId to standard queues (their fair
        # queueing); a FIFO topic's group stays with FIFO queues (Publish's API reference).
        params["MessageGroupId"] = published.group_id
    send_message(params.pop("QueueUrl"), params.pop("MessageBody"), account, region, **params)


def send_sqs(published: Published, target: Target, message: str, raw: bool) -> None:
    send_to_queue(target.endpoint, published, target, message, raw)


def send_lambda(published: Published, target: Target, message: str, raw: bool) -> None:
    parts = target.endpoint.split(":")
    if len(parts) < 7 or parts[2] != "lambda":
        raise DeliveryError(f"not a Lambda function ARN: {target.endpoint}")
    envelope = envelopes.notification(published, target.arn, message, target.signature_version)
    event = envelopes.lambda_event(envelope, target.arn)
    client = connect_to("lambda", parts[4], parts[3])
    response = client.invoke(FunctionName=target.endpoint, InvocationType="Event", Payload=json.dumps(event))
    if response.get("StatusCode", 202) >= 300:
        raise DeliveryError(f"Lambda answered {response.get('StatusCode')}")


def send_http(published: Published, target: Target, message: str, raw: bool) -> None:
    headers = {
        "x-amz-sns-message-type": "Notification",
        "x-amz-sns-message-id": published.message_id,
        "x-amz-sns-topic-arn": published.topic_arn or "",
        "x-amz-sns-subscription-arn": target.arn,
    }
    if raw:
        headers["x-amz-sns-rawdelivery"] = "true"
        body = message
    else:
        body = envelopes.to_json(
            envelopes.notification(published, target.arn, message, target.signature_version)
        )
    policies = (target.attributes.get("DeliveryPolicy"), target.attributes.get("TopicDeliveryPolicy"))
    kind = delivery_policy.content_type(*policies)
    if kind:
        headers["Content-Type"] = kind
    post(target.endpoint, body, headers, delivery_policy.retry_delays(*policies))


def send_firehose(published: Published, target: Target, message: str, raw: bool) -> None:
    parts = target.endpoint.split(":")
    if len(parts) != 6 or parts[2] != "firehose" or not parts[5].startswith("deliverystream/"):
        raise DeliveryError(f"not a Firehose delivery stream ARN: {target.endpoint}")
    if raw:
        data = message
    else:
        data = envelopes.to_json(
            envelopes.notification(published, target.arn, message, target.signature_version)
        )
    client = connect_to("firehose", parts[4], parts[3])
    client.put_record(DeliveryStreamName=parts[5].split("/", 1)[1], Record={"Data": data.encode("utf-8")})


def post(url: str, body: str, headers: dict[str, str], delays: list[float] | None = None) -> None:
    """POST as SNS does; retry server errors, throttling and unreachable endpoints, not client errors.

    `delays` are the seconds before each retry (the delivery policy's schedule); without one, the
    emulator retries quickly (HTTP_ATTEMPTS, HTTP_BACKOFF doubled)."""
    import urllib3

    headers = {"Content-Type": "text/plain; charset=UTF-8", "User-Agent": USER_AGENT, **headers}
    if delays is None:
        delays = [HTTP_BACKOFF * 2**retry for retry in range(HTTP_ATTEMPTS - 1)]
    last: str = ""
    for attempt in range(len(delays) + 1):
        if attempt:
            time.sleep(delays[attempt - 1])
        try:
            response = _pool().request(
                "POST", url, body=body.encode("utf-8"), headers=headers, retries=False, redirect=False
            )
        except urllib3.exceptions.HTTPError as error:
            last = str(error)
            continue
        if response.status < 300:
            return
        last = f"HTTP {response.status}"
        if 400 <= response.status < 500 and response.status != 429:
            break
    raise DeliveryError(f"{url}: {last}")


def _pool() -> Any:
    global _http_pool
    if _http_pool is None:
        with _http_lock:
            if _http_pool is None:
                import urllib3

                # Local https endpoints mostly have self-signed certificates (AWS wants a trusted CA).
                _http_pool = urllib3.PoolManager(
                    timeout=urllib3.Timeout(connect=5.0, read=15.0), cert_reqs="CERT_NONE", maxsize=8
                )
                urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    return _http_pool


SENDERS: dict[str, Callable[[Published, Any, str, bool], None]] = {
    "sqs": send_sqs,
    "lambda": send_lambda,
    "http": send_http,
    "https": send_http,
    "firehose": send_firehose,
}
