"""Where asynchronous invocations report: on-success/on-failure destinations (SQS, SNS, Lambda,
EventBridge) with AWS's invocation record, and the dead-letter queue (SQS, SNS) with the event itself."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from localstack.services.awslambda.functions import FunctionSpec
from localstack.utils.aws.arns import arn_parts

LOG = logging.getLogger(__name__)


def _json_or_text(data: bytes) -> Any:
    try:
        return json.loads(data) if data else None
    except ValueError:
        return data.decode("utf-8", "replace")


def invocation_record(
    spec: FunctionSpec,
    request_id: str,
    payload: bytes,
    result: bytes,
    error_type: str | None,
    condition: str,
    attempts: int,
) -> dict:
    response_context: dict[str, Any] = {"statusCode": 200, "executedVersion": spec.version}
    if error_type:
        response_context["functionError"] = "Unhandled"
    return {
        "version": "1.0",
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        + f".{int(time.time() * 1000) % 1000:03d}Z",
        "requestContext": {
            "requestId": request_id,
            "functionArn": spec.qualified_arn,
            "condition": condition,
            "approximateInvokeCount": attempts,
        },
        "requestPayload": _json_or_text(payload),
        "responseContext": response_context,
        "responsePayload": _json_or_text(result),
    }


def send_to_destination(arn: str, record: dict, success: bool) -> None:
    from localstack.utils.aws.internal_client import connect_to

    service, region, account, resource = arn_parts(arn)
    body = json.dumps(record)
    if service == "sqs":
        sqs = connect_to("sqs", account, region)
        url = sqs.get_queue_url(QueueName=resource, QueueOwnerAWSAccountId=account)["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody=body)
    elif service == "sns":
        connect_to("sns", account, region).publish(TopicArn=arn, Message=body)
    elif service == "lambda":
        connect_to("lambda", account, region).invoke(FunctionName=arn, InvocationType="Event", Payload=body)
    elif service == "events":
        kind = "Success" if success else "Failure"
        function_arn = record["requestContext"]["functionArn"].rsplit(":", 1)[0]
        entry = {
            "Source": "lambda",
            "DetailType": f"Lambda Function Invocation Result - {kind}",
            "Detail": body,
            "EventBusName": arn,
            "Resources": [function_arn],
        }
        connect_to("events", account, region).put_events(Entries=[entry])
    else:
        LOG.warning("Lambda destination %s: unsupported service %s", arn, service)


def send_to_dead_letter_queue(arn: str, payload: bytes, request_id: str, error_message: str) -> None:
    from localstack.utils.aws.internal_client import connect_to

    service, region, account, resource = arn_parts(arn)
    attributes = {
        "RequestID": {"DataType": "String", "StringValue": request_id},
        "ErrorCode": {"DataType": "Number", "StringValue": "200"},
        "ErrorMessage": {"DataType": "String", "StringValue": error_message[:256] or "Unhandled"},
    }
    body = payload.decode("utf-8", "replace") or "{}"
    if service == "sqs":
        sqs = connect_to("sqs", account, region)
        url = sqs.get_queue_url(QueueName=resource, QueueOwnerAWSAccountId=account)["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes=attributes)
    elif service == "sns":
        connect_to("sns", account, region).publish(TopicArn=arn, Message=body, MessageAttributes=attributes)
    else:
        LOG.warning("Lambda dead-letter target %s: unsupported service %s", arn, service)
