"""Typed AWS errors, their one serializer (shaped per protocol as botocore parses them), and the rules
that turn a backend's crash or a non-AWS-shaped error page into an AWS error."""

from __future__ import annotations

import json
import sys
import uuid
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack import constants

# Body prefixes of answers that no AWS client can parse: HTML pages and Python tracebacks.
_HTML_PREFIXES = (b"<!doctype html", b"<html")
_TRACEBACK_MARKER = b"Traceback (most recent call last)"


class AWSError(Exception):
    """An error answered to the client in AWS's shape. `sender` is False for server faults."""

    def __init__(self, code: str, message: str, status: int = 400, sender: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.sender = sender


class ServiceNotEnabled(AWSError):
    """Raised while routing: `service` says which protocol's shape the client expects."""

    def __init__(self, service: str) -> None:
        super().__init__(
            "ServiceNotEnabled",
            f"Service '{service}' is not enabled. Add it to SERVICES to use it.",
            status=501,
        )
        self.service = service


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


class IncompleteBody(AWSError):
    """The client closed or stalled before sending the Content-Length it announced."""

    def __init__(self, length: int | None) -> None:
        super().__init__("IncompleteBody", f"The request body is shorter than its Content-Length ({length}).")


class MalformedBody(AWSError):
    """A body that cannot be decoded (JSON protocols call this a SerializationException)."""

    def __init__(self, detail: str) -> None:
        super().__init__("SerializationException", f"The request body could not be parsed: {detail}")


class MalformedXML(AWSError):
    def __init__(self, detail: str = "") -> None:
        message = "The XML you provided was not well-formed or did not validate against our published schema"
        super().__init__("MalformedXML", f"{message} ({detail})" if detail else message)


class UnknownOperation(AWSError):
    def __init__(self, service: str, operation: str, query_protocol: bool) -> None:
        code = "InvalidAction" if query_protocol else "UnknownOperationException"
        super().__init__(code, f"The operation '{operation}' is not valid for the {service} service.")


class MissingParameter(AWSError):
    def __init__(self, name: str, query_protocol: bool) -> None:
        if query_protocol:
            super().__init__("MissingParameter", f"The request must contain the parameter {name}.")
        else:
            super().__init__(
                "ValidationException",
                f"1 validation error detected: Value null at '{name}' failed to satisfy constraint: "
                "Member must not be null",
            )


class NotImplementedByEmulator(AWSError):
    def __init__(self, detail: str) -> None:
        super().__init__("NotImplemented", f"Not implemented by this emulator: {detail}", 501, sender=False)


class InternalError(AWSError):
    """A server fault. Made inside an `except` block, it remembers the exception as `cause`."""

    def __init__(self, message: str = "An internal error occurred. See the server log.") -> None:
        super().__init__("InternalError", message, status=500, sender=False)
        self.cause: BaseException | None = sys.exc_info()[1]


def new_request_id() -> str:
    return str(uuid.uuid4())


def protocol_for(service: str | None, headers: object = None) -> str:
    """The protocol a client expects errors in: JSON whenever it sent X-Amz-Target."""
    if headers is not None and getattr(headers, "get", None) and headers.get(constants.HEADER_TARGET):
        return "json"
    return constants.PROTOCOLS.get(service or "", "rest-json")


def serialize_error(error: AWSError, service: str | None = None, headers: object = None) -> Response:
    """The one place an AWSError becomes an HTTP response (the error rides along as `aws_error`)."""
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
    response = Response(body, status=error.status, headers=out_headers, mimetype=mimetype)
    response.aws_error = error  # type: ignore[attr-defined]
    return response


def error_for_exception(exc: BaseException) -> AWSError | None:
    """The client-side cause of a backend crash, if the exception shows one; None for a real fault.

    moto crashes instead of answering when a body is not XML or JSON or names an operation it lacks.
    """
    name = type(exc).__name__
    module = type(exc).__module__
    if isinstance(exc, AWSError):
        return exc
    if name in ("ExpatError", "ParseError") and module.startswith(("xml.", "pyexpat")):
        return MalformedXML(str(exc))
    if name == "RequestParserError":
        return MalformedXML(str(exc).split("),")[0].split("(")[-1])
    if isinstance(exc, UnicodeDecodeError):
        return MalformedBody("it is not valid UTF-8")
    if isinstance(exc, json.JSONDecodeError) or module.startswith("yaml"):
        return MalformedBody(str(exc).splitlines()[0])
    if name == "OperationNotFoundError":
        return AWSError("InvalidAction", f"The operation '{exc}' is not valid for this service.")
    if isinstance(exc, NotImplementedError):
        text = str(exc)
        if text.startswith("Method ") and " has not been implemented" in text:
            return AWSError("MethodNotAllowed", f"The method {text.split()[1]} is not allowed here.", 405)
        return NotImplementedByEmulator(text or "this operation")
    return None


def is_aws_shaped(response: Response) -> bool:
    """False for error answers no AWS client can parse: HTML pages, tracebacks, empty HTML 4xx/5xx."""
    if response.status_code < 400 or response.direct_passthrough:
        return True
    body = response.get_data()
    head = body[:64].lstrip().lower()
    if head.startswith(_HTML_PREFIXES) or _TRACEBACK_MARKER in body:
        return False
    return bool(body) or response.mimetype != "text/html"


def error_for_foreign_response(response: Response, service: str | None, method: str, path: str) -> AWSError:
    """An AWS error for a non-AWS-shaped answer: werkzeug's 404/405 pages, HTML 500s."""
    status = response.status_code
    where = f"{method} {path.split('?', 1)[0]}"
    if status == 404:
        return AWSError("UnknownOperationException", f"No {service or 'AWS'} operation matches {where}.", 404)
    if status == 405:
        return AWSError("MethodNotAllowed", f"The method {method} is not allowed for {where}.", 405)
    if status >= 500:
        return InternalError()
    return AWSError("BadRequest", f"The request {where} was rejected by the {service} backend.", status)
