"""Typed AWS errors and their one serializer, shaped per protocol as botocore parses them."""

from __future__ import annotations

import json
import uuid
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack import constants


class AWSError(Exception):
    """An error answered to the client in AWS's shape. `sender` is False for server faults."""

    def __init__(self, code: str, message: str, status: int = 400, sender: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.sender = sender


class ServiceNotEnabled(AWSError):
    def __init__(self, service: str) -> None:
        super().__init__(
            "ServiceNotEnabled",
            f"Service '{service}' is not enabled. Add it to SERVICES to use it.",
            status=501,
        )


class NoRouteFound(AWSError):
    def __init__(self, method: str, path: str) -> None:
        super().__init__(
            "UnknownService",
            f"No service matches {method} {path}: sign the request (SigV4), send X-Amz-Target, "
            "or use a service path such as /<bucket>/<key>.",
            status=404,
        )


class RequestTooLarge(AWSError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            "RequestEntityTooLarge",
            f"Request body of {size} bytes exceeds the maximum of {limit} bytes.",
            status=413,
        )


class InternalError(AWSError):
    def __init__(self, message: str = "An internal error occurred. See the server log.") -> None:
        super().__init__("InternalError", message, status=500, sender=False)


def new_request_id() -> str:
    return str(uuid.uuid4())


def protocol_for(service: str | None, headers: object = None) -> str:
    """The protocol a client expects errors in: JSON whenever it sent X-Amz-Target."""
    if headers is not None and getattr(headers, "get", None) and headers.get(constants.HEADER_TARGET):
        return "json"
    return constants.PROTOCOLS.get(service or "", "rest-json")


def serialize_error(error: AWSError, service: str | None = None, headers: object = None) -> Response:
    """The one place an AWSError becomes an HTTP response."""
    protocol = protocol_for(service, headers)
    request_id = new_request_id()
    code, message = escape(error.code), escape(error.message)
    out_headers = {constants.HEADER_REQUEST_ID: request_id}
    if protocol in ("json", "rest-json"):
        out_headers[constants.HEADER_ERROR_TYPE] = error.code
        body = json.dumps({"__type": error.code, "message": error.message, "Message": error.message})
        mimetype = "application/x-amz-json-1.1" if protocol == "json" else "application/json"
    elif protocol == "rest-xml":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{code}</Code><Message>{message}</Message>"
            f"<RequestId>{request_id}</RequestId></Error>"
        )
        mimetype = "application/xml"
    elif protocol == "ec2":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
            f"<RequestID>{request_id}</RequestID></Response>"
        )
        mimetype = "text/xml"
    else:  # query
        kind = "Sender" if error.sender else "Receiver"
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<ErrorResponse><Error><Type>{kind}</Type><Code>{code}</Code>"
            f"<Message>{message}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        mimetype = "text/xml"
    return Response(body, status=error.status, headers=out_headers, mimetype=mimetype)
