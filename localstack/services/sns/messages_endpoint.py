"""GET/DELETE /_localstack/sns/messages: the email, SMS and platform-endpoint messages SNS kept
(filter with ?topicArn=, ?phoneNumber=, ?endpointArn=, ?endpoint=, ?protocol=, ?accountId=, ?region=);
and /_localstack/sns/certs/<name>.pem, the certificate that signs this emulator's messages."""

from __future__ import annotations

from urllib.parse import parse_qsl

from werkzeug.wrappers import Response

from localstack.services.sns import models, signing
from localstack.services.sns.sns_starter import MESSAGES_PATH
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request, json_response

FILTERS = ("topicArn", "phoneNumber", "endpointArn", "endpoint", "protocol", "subscriptionArn", "type")


def handle_messages(request: Request) -> Response:
    query = dict(parse_qsl(request.query_string))
    wanted = {key: query[key] for key in FILTERS if key in query}
    stores = [
        store
        for store in models.sns_stores.all()
        if query.get("accountId", store.account_id) == store.account_id
        and query.get("region", store.region) == store.region
    ]
    if request.method == "GET":
        messages = [
            message
            for store in stores
            for message in list(store.kept_messages)
            if all(message.get(key) == value for key, value in wanted.items())
        ]
        return json_response({"messages": messages})
    if request.method == "DELETE":
        removed = 0
        for store in stores:
            with store.lock:
                keep = [m for m in store.kept_messages if not all(m.get(k) == v for k, v in wanted.items())]
                removed += len(store.kept_messages) - len(keep)
                store.kept_messages.clear()
                store.kept_messages.extend(keep)
        return json_response({"deleted": removed})
    raise AWSError(
        "MethodNotAllowed", f"{request.method} is not allowed on {MESSAGES_PATH}: GET or DELETE", 405
    )


def handle_certs(request: Request) -> Response:
    name = request.path_only.rstrip("/").rsplit("/", 1)[-1]
    if request.method != "GET" or name != signing.cert_name():
        raise AWSError("NotFound", f"No certificate at {request.path_only}", 404)
    return Response(signing.cert_pem(), status=200, mimetype="application/x-pem-file")
