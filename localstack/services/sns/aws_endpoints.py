"""GET/DELETE /_aws/sns/platform-endpoint-messages and /_aws/sns/sms-messages: the messages SNS kept for
platform endpoints and phone numbers, in the shape LocalStack documents (one account and region per call:
?accountId= and ?region=, default 000000000000 and us-east-1; filter with ?endpointArn= or ?phoneNumber=)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from werkzeug.wrappers import Response

from localstack import constants
from localstack.services.sns import models
from localstack.services.sns.sns_starter import PLATFORM_PATH, SMS_PATH
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request, json_response


def _platform_message(record: dict) -> dict[str, Any]:
    return {
        "TargetArn": record["endpointArn"],
        "TopicArn": record.get("topicArn"),
        "SubscriptionArn": record.get("subscriptionArn"),
        "MessageId": record["messageId"],
        "Message": record["message"],
        "MessageAttributes": record.get("messageAttributes") or {},
        "Subject": record.get("subject"),
        "Timestamp": record.get("timestamp"),
    }


def _sms_message(record: dict) -> dict[str, Any]:
    return {
        "PhoneNumber": record["phoneNumber"],
        "TopicArn": record.get("topicArn"),
        "SubscriptionArn": record.get("subscriptionArn"),
        "MessageId": record["messageId"],
        "Message": record["message"],
        "MessageAttributes": record.get("messageAttributes") or {},
        "Subject": record.get("subject"),
        "Timestamp": record.get("timestamp"),
    }


def _handler(protocol: str, key: str, filter_name: str, shape: Any, answer_key: str, path: str) -> Any:
    def handle(request: Request) -> Response:
        query = dict(parse_qsl(request.query_string))
        account = query.get("accountId", constants.DEFAULT_ACCOUNT_ID)
        region = query.get("region", constants.DEFAULT_REGION)
        store = models.sns_stores[account][region]
        wanted = query.get(filter_name)

        def selected(record: dict) -> bool:
            return record.get("protocol") == protocol and (wanted is None or record.get(key) == wanted)

        if request.method == "GET":
            grouped: dict[str, list[dict]] = {}
            for record in list(store.kept_messages):
                if selected(record):
                    grouped.setdefault(record[key], []).append(shape(record))
            return json_response({answer_key: grouped, "region": region})
        if request.method == "DELETE":
            with store.lock:
                keep = [record for record in store.kept_messages if not selected(record)]
                store.kept_messages.clear()
                store.kept_messages.extend(keep)
            return Response(status=204)
        raise AWSError("MethodNotAllowed", f"{request.method} is not allowed on {path}: GET or DELETE", 405)

    return handle


handle_platform_messages = _handler(
    "application",
    "endpointArn",
    "endpointArn",
    _platform_message,
    "platform_endpoint_messages",
    PLATFORM_PATH,
)
handle_sms_messages = _handler("sms", "phoneNumber", "phoneNumber", _sms_message, "sms_messages", SMS_PATH)
