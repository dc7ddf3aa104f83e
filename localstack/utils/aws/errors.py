"""Typed AWS errors, their one serializer (shaped per protocol as botocore parses them), and the rules
that turn a backend's crash or a non-AWS-shaped error page into an AWS error."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass

from werkzeug.wrappers import Response

from localstack import constants
from localstack.utils import fast_ids

# Body prefixes of answers that no AWS client can parse: HTML pages and Python tracebacks.
_HTML_PREFIXES = (b"<!doctype html", b"<html")
_TRACEBACK_MARKER = b"Traceback (most recent call last)"
SQS_XMLNS = "http://queue.amazonaws.com/doc/2012-11-05/"


def escape(text: str) -> str:
    """`text` as XML character data (what xml.sax.saxutils.escape does, without importing the xml.sax
    package at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AWSError(Exception):
    """An error answered to the client in AWS's shape. `sender` is False for server faults.

    `kind` says which part of AWS's stack made the error, and so which `__type` namespace a JSON
    service gives it: "service" (the service's own errors, modeled in botocore), "validation" (the
    request failed its model's constraints), "serialization" (the body could not be read as the
    model's types) or "framework" (no such operation, bad signature: the endpoint itself).
    """

    kind = "service"

    def __init__(self, code: str, message: str, status: int = 400, sender: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.sender = sender


class ValidationError(AWSError):
    """A request that breaks its model's constraints: `N validation error(s) detected: ...`.

    The code is the service's own (`ValidationException` for most, `InvalidParameterException` for
    CloudWatch Logs, `ValidationError` for some query services): see `validation_code`.
    """

    kind = "validation"

    def __init__(self, message: str, code: str = "ValidationException") -> None:
        super().__init__(code, message)


class SerializationError(AWSError):
    """A body whose JSON does not read as the operation's input types."""

    kind = "serialization"

    def __init__(self, message: str) -> None:
        super().__init__("SerializationException", message)


class FrameworkError(AWSError):
    """An error of the endpoint rather than the service: unknown operation, bad or missing signature."""

    kind = "framework"


class ServiceNotEnabled(FrameworkError):
    """Raised while routing: `service` says which protocol's shape the client expects."""

    def __init__(self, service: str) -> None:
        super().__init__(
            "ServiceNotEnabled",
            f"Service '{service}' is not enabled. Add it to SERVICES to use it.",
            status=501,
        )
        self.service = service


class NoRouteFound(FrameworkError):
    def __init__(self, method: str, path: str) -> None:
        super().__init__(
            "UnknownService",
            f"No service matches {method} {path}: sign the request (SigV4), send X-Amz-Target, "
            "or use a service path such as /<bucket>/<key>.",
            status=404,
        )


class RequestTooLarge(FrameworkError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            "RequestEntityTooLarge",
            f"Request body of {size} bytes exceeds the maximum of {limit} bytes.",
            status=413,
        )


# S3's sentences (its error code list) for a body that ends early and for broken aws-chunked framing: the
# gateway's reader and S3's own decoder of bodies that did not pass through it answer with the same ones.
INCOMPLETE_BODY_MESSAGE = (
    "You did not provide the number of bytes specified by the Content-Length HTTP header."
)


def malformed_chunked_message(detail: object) -> str:
    return f"The chunked request body is malformed: {detail}."


class IncompleteBody(FrameworkError):
    """The client closed or stalled before sending the Content-Length it announced (or an aws-chunked body
    decoded to another length than its x-amz-decoded-content-length)."""

    def __init__(self, length: int | None = None) -> None:
        super().__init__("IncompleteBody", INCOMPLETE_BODY_MESSAGE)
        self.length = length


class MalformedBody(SerializationError):
    """A body that cannot be decoded (JSON protocols call this a SerializationException)."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"The request body could not be parsed: {detail}")


class MalformedXML(AWSError):
    def __init__(self, detail: str = "") -> None:
        message = "The XML you provided was not well-formed or did not validate against our published schema"
        super().__init__("MalformedXML", f"{message} ({detail})" if detail else message)


class UnknownOperation(FrameworkError):
    def __init__(self, service: str, operation: str, query_protocol: bool) -> None:
        if query_protocol:
            message = f"The action {operation} is not valid for this web service."
            super().__init__("InvalidAction", message)
        else:
            # Coral endpoints name no operation in this answer: the body is the type alone.
            super().__init__("UnknownOperationException", "")


def missing_parameter(name: str, query_protocol: bool, ec2: bool = False) -> AWSError:
    """A required member absent at the top level: MissingParameter (query) or a validation error.
    EC2 ends its sentence without a full stop (recorded: `The request must contain the parameter
    GroupDescription`, `... size/snapshot`); SQS with one."""
    if query_protocol:
        stop = "" if ec2 else "."
        return AWSError("MissingParameter", f"The request must contain the parameter {name}{stop}")
    return ValidationError(
        f"1 validation error detected: Value null at '{name}' failed to satisfy constraint: "
        "Member must not be null"
    )


class NotImplementedByEmulator(FrameworkError):
    def __init__(self, detail: str) -> None:
        super().__init__("NotImplemented", f"Not implemented by this emulator: {detail}", 501, sender=False)


class InternalError(FrameworkError):
    """A server fault. Made inside an `except` block, it remembers the exception as `cause`."""

    def __init__(self, message: str = "An internal error occurred. See the server log.") -> None:
        super().__init__("InternalError", message, status=500, sender=False)
        self.cause: BaseException | None = sys.exc_info()[1]


def new_request_id() -> str:
    return fast_ids.request_id()


def protocol_for(service: str | None, headers: object = None) -> str:
    """The protocol a client expects errors in: JSON whenever it sent X-Amz-Target, CBOR when it spoke it."""
    if headers is not None and getattr(headers, "get", None):
        if headers.get(constants.HEADER_TARGET):
            return "json"
        if (headers.get("smithy-protocol") or "").lower() == "rpc-v2-cbor":
            return "smithy-rpc-v2-cbor"
    return constants.PROTOCOLS.get(service or "", "rest-json")


# The namespace of a rest-xml service's documents (its model names it per operation, not per service).
REST_XML_NAMESPACES = {"route53": "https://route53.amazonaws.com/doc/2013-04-01/"}


def serialize_error(error: AWSError, service: str | None = None, headers: object = None) -> Response:
    """The one place an AWSError becomes an HTTP response (the error rides along as `aws_error`)."""
    protocol = protocol_for(service, headers)
    request_id = new_request_id()
    code, message = escape(error.code), escape(error.message)
    if service == "s3" and error.code == "MalformedXML":
        # S3 names no parser detail: its sentence is the same for every document it cannot read.
        message = escape(MalformedXML().message)
    out_headers = {constants.HEADER_REQUEST_ID: request_id}
    if protocol == "json":
        body, type_name, extra = _json_error_body(error, service or "")
        out_headers[constants.HEADER_ERROR_TYPE] = type_name
        out_headers.update(extra)
        mimetype = (
            "application/x-amz-json-1.0" if service in JSON_10_SERVICES else "application/x-amz-json-1.1"
        )
    elif protocol == "rest-json":
        out_headers[constants.HEADER_ERROR_TYPE] = error.code
        body = _rest_json_error_body(error, service or "")
        mimetype = "application/json"
    elif protocol == "rest-xml" and service != "s3":
        # Route 53 and CloudFront wrap their errors as the query services do, in their namespace.
        xmlns = REST_XML_NAMESPACES.get(service or "")
        namespace = f' xmlns="{xmlns}"' if xmlns else ""
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<ErrorResponse{namespace}><Error><Type>{'Sender' if error.sender else 'Receiver'}</Type>"
            f"<Code>{code}</Code><Message>{message}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        mimetype = "text/xml"
    elif protocol == "rest-xml":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{code}</Code><Message>{message}</Message>"
            f"<RequestId>{request_id}</RequestId></Error>"
        )
        mimetype = "application/xml"
    elif protocol == "ec2":
        # EC2's errors carry no namespace (AWS's documented example), unlike its answers.
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
            f"<RequestID>{request_id}</RequestID></Response>"
        )
        mimetype = "text/xml"
    elif protocol == "smithy-rpc-v2-cbor":
        from localstack.utils import cbor

        body = cbor.encode({"__type": error.code, "message": error.message})
        out_headers["smithy-protocol"] = "rpc-v2-cbor"
        mimetype = "application/cbor"
    else:  # query
        kind = "Sender" if error.sender else "Receiver"
        # SQS's query errors end with an empty <Detail/> (AWS's answers as SDK fixtures recorded them).
        detail = "<Detail/>" if service == "sqs" else ""
        xmlns = xml_namespace(service or "")
        namespace = f' xmlns="{xmlns}"' if xmlns else ""
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<ErrorResponse{namespace}><Error><Type>{kind}</Type><Code>{code}</Code>"
            f"<Message>{message}</Message>{detail}</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        mimetype = "text/xml"
    response = Response(body, status=error.status, headers=out_headers, mimetype=mimetype)
    response.aws_error = error  # type: ignore[attr-defined]
    return response


_namespaces: dict[str, str] = {}


def xml_namespace(service: str) -> str:
    """The xmlns of a query service's answers and errors (botocore's metadata.xmlNamespace)."""
    if service == "sqs":
        return SQS_XMLNS  # its model now speaks JSON and names none
    namespace = _namespaces.get(service)
    if namespace is None:
        from localstack.utils.aws.request_checks import service_model

        model = service_model(service) if service else None
        namespace = (model.metadata.get("xmlNamespace") or "") if model is not None else ""
        _namespaces[service] = namespace
    return namespace


# Patterns, not compiled ones: `re` compiles each at its first use (an error answer), not at start-up.
_LOWER_MESSAGE = rb"(?s)<message>.*?</message>"
_EC2_ROOT = rb"<Response xmlns=\"[^\"]*\">"
_EC2_REQUEST_ID = rb"<RequestID>[^<]*</RequestID>"


def normalize_xml_error(response: Response, service: str, protocol: str) -> Response:
    """A backend's query or EC2 error in AWS's shape. moto's query errors repeat a JSON model's
    lowercase `message` member as <message> and some lack the namespace; its EC2 errors carry a
    namespace and the literal RequestID `request-id`, where AWS's carry neither."""
    body = response.get_data()
    head = body[:200].lstrip()
    if protocol == "query":
        if b"<ErrorResponse" not in head:
            return response
        fixed = re.sub(_LOWER_MESSAGE, b"", body, count=1)
        xmlns = xml_namespace(service)
        if xmlns and b"<ErrorResponse>" in fixed[:200]:
            fixed = fixed.replace(b"<ErrorResponse>", f'<ErrorResponse xmlns="{xmlns}">'.encode(), 1)
    else:
        if b"<Response" not in head or b"<Errors>" not in body:
            return response
        request_id = response.headers.get(constants.HEADER_REQUEST_ID) or new_request_id()
        fixed = re.sub(_EC2_ROOT, b"<Response>", body, count=1)
        element = f"<RequestID>{escape(request_id)}</RequestID>".encode()
        fixed = re.sub(_EC2_REQUEST_ID, element, fixed, count=1)
    if fixed != body:
        response.set_data(fixed)
    return response


def _json_error_body(error: AWSError, service: str) -> tuple[str, str, dict[str, str]]:
    """(body, bare type, extra headers) of an awsJson error, with the `__type` and the one message
    key the service sends."""
    style = json_error_style(service)
    kind = kind_of(error)
    if kind == "validation":
        prefix = CORAL_VALIDATE if style.coral else ""
    elif kind in ("serialization", "framework"):
        prefix = CORAL_SERVICE if style.coral else ""
    else:
        prefix = style.namespace + "#" if style.namespace else ""
    key = _message_key(error, service, style)
    type_name = QUERY_CODE_SHAPES.get(service, {}).get(error.code, error.code)
    coral_shape = CORAL_CODE_SHAPES.get(service, {}).get(error.code)
    if coral_shape is not None:
        prefix, type_name = CORAL_SERVICE, coral_shape
    document = {"__type": prefix + type_name}
    if error.message or (kind == "service" and style.empty_message_sent):
        document[key] = error.message
    extra = {}
    if style.query_compatible:
        # awsQueryCompatible services (SQS) name the error's query code in a header; botocore takes
        # the code from it, so JSON and query clients catch the same code.
        query_code = FRAMEWORK_QUERY_CODES.get(service, {}).get(error.code, error.code)
        extra[HEADER_QUERY_ERROR] = f"{query_code};{'Sender' if error.sender else 'Receiver'}"
    return json.dumps(document), type_name, extra


def _rest_json_error_body(error: AWSError, service: str) -> str:
    if service == "lambda":
        # Lambda's errors say who is at fault in `Type`; the code travels only in the header.
        key = _message_key(error, service, json_error_style(service))
        fault = "User" if error.sender and error.status < 500 else "Service"
        return json.dumps({"Type": fault, key: error.message})
    return json.dumps({"__type": error.code, "message": error.message})


# Codes whose `__type` namespace is AWS's request framework, whoever raised them.
_KIND_OF_CODE = {
    "ValidationException": "validation",
    "SerializationException": "serialization",
    "UnknownOperationException": "framework",
}


def kind_of(error: AWSError) -> str:
    """The error's kind; a plain AWSError("ValidationException", ...) is a validation error."""
    if error.kind == "service":
        return _KIND_OF_CODE.get(error.code, "service")
    return error.kind


def _message_key(error: AWSError, service: str, style: JsonErrorStyle) -> str:
    """`message` or `Message`: what the service's model names the member, else the service's habit.

    AWS's request framework says `Message` for serialization errors and access denials, and
    `message` for validation and signature errors.
    """
    kind = kind_of(error)
    if kind == "serialization" or error.code == "AccessDeniedException":
        return "Message"
    if kind in ("service", "validation"):
        modeled = _modeled_message_keys(service).get(error.code)
        if modeled:
            return modeled  # SSM models its ValidationException with `Message`
        return style.message_key if kind == "service" else "message"
    return "message"


@dataclass(frozen=True)
class JsonErrorStyle:
    """How a JSON-protocol service writes `__type` and the message of its errors."""

    namespace: str = ""  # of the service's own errors, e.g. com.amazonaws.dynamodb.v20120810
    coral: bool = False  # validation and framework errors carry com.amazon.coral.* namespaces
    message_key: str = "message"  # for a service error botocore does not model
    query_compatible: bool = False  # also sends the query code in x-amzn-query-error
    empty_message_sent: bool = True  # a service error without a sentence still carries the key


CORAL_VALIDATE = "com.amazon.coral.validate#"
CORAL_SERVICE = "com.amazon.coral.service#"
HEADER_QUERY_ERROR = "x-amzn-query-error"

# Facts of the wire (AWS's documented and recorded error bodies); a service not listed writes bare
# types and `message` (Kinesis, KMS, Logs, EventBridge, ACM, Firehose...).
JSON_ERROR_STYLES: dict[str, JsonErrorStyle] = {
    "dynamodb": JsonErrorStyle("com.amazonaws.dynamodb.v20120810", coral=True),
    "dynamodbstreams": JsonErrorStyle("com.amazonaws.dynamodb.v20120810", coral=True),
    "stepfunctions": JsonErrorStyle("com.amazonaws.swf.service.v2.model", coral=True),
    "swf": JsonErrorStyle("com.amazonaws.swf.base.model", coral=True),
    "sqs": JsonErrorStyle("com.amazonaws.sqs", coral=True, query_compatible=True),
    "secretsmanager": JsonErrorStyle(message_key="Message"),
    "ssm": JsonErrorStyle(message_key="Message"),
    # KMS's sentence-less refusals (InvalidCiphertext, KMSInvalidSignature/Mac) carry no message key.
    "kms": JsonErrorStyle(empty_message_sent=False),
    # CloudWatch's JSON 1.0 endpoint is query-compatible (awsQueryCompatible in its model).
    "cloudwatch": JsonErrorStyle("com.amazonaws.cloudwatch", coral=True, query_compatible=True),
}
_PLAIN_STYLE = JsonErrorStyle()

# Query-compatible services: the query code of an error -> the shape name JSON writes in `__type`.
QUERY_CODE_SHAPES: dict[str, dict[str, str]] = {
    "sqs": {
        "AWS.SimpleQueueService.NonExistentQueue": "QueueDoesNotExist",
        "QueueAlreadyExists": "QueueNameExists",
        "AWS.SimpleQueueService.QueueDeletedRecently": "QueueDeletedRecently",
        "AWS.SimpleQueueService.PurgeQueueInProgress": "PurgeQueueInProgress",
        "AWS.SimpleQueueService.EmptyBatchRequest": "EmptyBatchRequest",
        "AWS.SimpleQueueService.BatchEntryIdsNotDistinct": "BatchEntryIdsNotDistinct",
        "AWS.SimpleQueueService.TooManyEntriesInBatchRequest": "TooManyEntriesInBatchRequest",
        "AWS.SimpleQueueService.BatchRequestTooLong": "BatchRequestTooLong",
        "AWS.SimpleQueueService.InvalidBatchEntryId": "InvalidBatchEntryId",
        "AWS.SimpleQueueService.UnsupportedOperation": "UnsupportedOperation",
        "AWS.SimpleQueueService.MessageNotInflight": "MessageNotInflight",
    },
    # The model's error shapes by their query code (botocore's `error.code`); ResourceNotFound is also
    # DashboardNotFoundError's code, which the listener picks by operation.
    "cloudwatch": {
        "InvalidParameterValue": "InvalidParameterValueException",
        "MissingParameter": "MissingRequiredParameterException",
        "InvalidParameterCombination": "InvalidParameterCombinationException",
        "InvalidFormat": "InvalidFormatFault",
        "LimitExceeded": "LimitExceededFault",
        "InvalidParameterInput": "DashboardInvalidInputError",
        "InternalServiceError": "InternalServiceFault",
        "ValidationError": "ValidationException",
    },
}

# Query-compatible services: the query code x-amzn-query-error names for a request-framework error,
# where it differs from the JSON code (CloudWatch's query endpoint calls validation ValidationError).
FRAMEWORK_QUERY_CODES: dict[str, dict[str, str]] = {"cloudwatch": {"ValidationException": "ValidationError"}}

# Query codes AWS's request framework raises for a query-compatible service, not the service's model:
# JSON writes them as coral's shapes (SQS's InvalidParameterValue, as a real queue answered it:
# {"__type":"com.amazon.coral.service#InvalidParameterValueException",...}).
CORAL_CODE_SHAPES: dict[str, dict[str, str]] = {
    "sqs": {
        "InvalidParameterValue": "InvalidParameterValueException",
        "MissingParameter": "MissingRequiredParameterException",
    }
}

# awsJson1_0 services answer with that content type; the rest speak 1.1.
JSON_10_SERVICES = frozenset(("cloudwatch", "dynamodb", "dynamodbstreams", "stepfunctions", "swf", "sqs"))


def json_error_style(service: str) -> JsonErrorStyle:
    return JSON_ERROR_STYLES.get(service, _PLAIN_STYLE)


_message_keys: dict[str, dict[str, str]] = {}


def _modeled_message_keys(service: str) -> dict[str, str]:
    """Error code -> the message member botocore's model gives that error (`message` or `Message`)."""
    keys = _message_keys.get(service)
    if keys is None:
        keys = {}
        from localstack.utils.aws.request_checks import service_model

        model = service_model(service)
        for shape in model.error_shapes if model is not None else []:
            for member in shape.members:
                if member.lower() == "message":
                    keys[shape.error_code or shape.name] = member
                    keys[shape.name] = member
        _message_keys[service] = keys
    return keys


def normalize_error_response(response: Response, service: str, headers: object = None) -> Response:
    """A backend's JSON error answer in AWS's shape for the service: the `__type` namespace, the one
    message key, Lambda's `Type`, 400 for awsJson client errors. Other members (CancellationReasons,
    Item...) and headers are kept; an answer already in shape is returned untouched."""
    if response.status_code < 400 or getattr(response, "aws_error", None) is not None:
        return response
    if response.direct_passthrough:
        return response
    if constants.PROTOCOLS.get(service) in ("query", "ec2") and protocol_for(service, headers) in (
        "query",
        "ec2",
    ):
        return normalize_xml_error(response, service, constants.PROTOCOLS[service])
    if constants.PROTOCOLS.get(service) == "rest-xml" and service != "s3":
        # moto's Route 53 errors repeat the message as a lowercase <message> AWS does not send.
        return normalize_xml_error(response, service, "query")
    if constants.PROTOCOLS.get(service) != "json" and service not in ("sqs", "lambda"):
        return response  # API Gateway answers with its users' own bodies
    host = (headers.get("Host") or "") if headers is not None and hasattr(headers, "get") else ""
    if ".lambda-url." in host:
        return response  # so does a function URL
    protocol = protocol_for(service, headers)
    if protocol not in ("json", "rest-json") or response.direct_passthrough:
        return response
    try:
        document = json.loads(response.get_data())
    except ValueError:
        return response
    if not isinstance(document, dict):
        return response
    raw_type = document.get("__type") or response.headers.get(constants.HEADER_ERROR_TYPE) or ""
    code = raw_type.split(":", 1)[0].rpartition("#")[2]
    if not code:
        return response
    message = document.get("message", document.get("Message"))
    error = AWSError(code, message or "", response.status_code, sender=response.status_code < 500)
    fixed = {k: v for k, v in document.items() if k not in ("__type", "message", "Message", "Type")}
    if protocol == "json":
        query_error = response.headers.get(HEADER_QUERY_ERROR)
        body, type_name, extra = _json_error_body(error, service)
        if query_error:
            extra[HEADER_QUERY_ERROR] = query_error
        if 400 < response.status_code < 500:
            # awsJson services answer every client error with 400 (moto says 404 for some).
            response.status_code = 400
    else:
        if service != "lambda":
            return response
        body, type_name, extra = _rest_json_error_body(error, service), code, {}
    shaped = json.loads(body)
    if (
        protocol == "json"
        and json_error_style(service).coral
        and raw_type.startswith((CORAL_SERVICE, CORAL_VALIDATE))
    ):
        # The backend named AWS's request framework as the error's origin: its namespace stays.
        shaped["__type"] = raw_type.split(":", 1)[0]
    shaped.update(fixed)
    response.set_data(json.dumps(shaped))
    response.headers[constants.HEADER_ERROR_TYPE] = type_name
    for name, value in extra.items():
        response.headers[name] = value
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
        return FrameworkError("InvalidAction", f"The action {exc} is not valid for this web service.")
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
