"""Checks of a request against botocore's model of its service before the backend sees it: body
syntax, operation name, and for JSON-protocol services the whole input tree (types, required
members at every depth, enums, patterns, lengths, ranges, sizes), compiled once per operation.

What is checked follows what each family of AWS endpoints checks itself:
- awsJson services (DynamoDB, Kinesis, KMS, Logs, EventBridge, Step Functions, SSM, Secrets
  Manager...): every type (SerializationException) and every constraint (ValidationException;
  Logs: InvalidParameterException). SQS checks its own constraints in its own words
  (InvalidParameterValue, InvalidAttributeName), so only types and required members here.
- Lambda (rest-json): URI labels, query, headers and body, as its endpoint does.
- SNS, IAM, STS, CloudFormation (query): top-level members, `ValidationError`. Other query services
  (SQS, EC2, CloudWatch...): the operation and required top-level parameters (MissingParameter).
- S3 and Route 53 (rest-xml): well-formed XML bodies no deeper than 256 levels; their own rules
  (bucket names, keys) are the service packages'.
- every service: the shape of a SigV4 signature and its region, S3 presigned URLs (signature.py).
Patterns in Java syntax that Python cannot run (Unicode property classes) are not checked.
"""

from __future__ import annotations

import threading
from typing import Any, Callable
from urllib.parse import parse_qsl, unquote

from localstack import constants
from localstack.utils.aws.errors import (
    AWSError,
    MalformedBody,
    SerializationError,
    UnknownOperation,
    ValidationError,
    json_error_style,
    missing_parameter,
)
from localstack.utils.aws.internal_client import HEADER_INTERNAL
from localstack.utils.aws.request_checks.bodies import check_xml_body, parse_json_body
from localstack.utils.aws.request_checks.models import (
    match_rest_operation,
    operation_names,
    rest_operation_name,
    service_model,
)
from localstack.utils.aws.request_checks.shapes import Node, ScalarNode, StructureNode, compile_shape
from localstack.utils.aws.request_checks.signature import check_signature
from localstack.utils.http import Request

__all__ = [
    "blame_request",
    "check_request",
    "register_constraints",
    "replace_constraints",
    "rest_operation_name",
    "service_model",
    "validation_error",
]

# S3 sub-resources whose PUT/POST body is an XML document.
S3_XML_SUBRESOURCES = frozenset(
    "accelerate acl analytics cors delete encryption intelligent-tiering inventory legal-hold lifecycle "
    "logging metrics notification object-lock ownershipControls publicAccessBlock replication "
    "requestPayment restore retention select tagging uploadId versioning website".split()
)
_SCALAR_TYPES = frozenset(("string", "integer", "long", "boolean", "double", "float", "timestamp"))

# The code of a constraint violation, where a service does not say ValidationException.
VALIDATION_CODES = {"logs": "InvalidParameterException"}
# Services whose endpoints check their own constraints with their own errors instead of the model's
# (SQS takes message attribute names in ReceiveMessage's AttributeNames, outside the model's enum,
# and answers InvalidParameterValue/InvalidAttributeName): types and required members only.
MODEL_TYPES_ONLY = frozenset(("sqs",))
# rest-json services whose every request (URI labels, query, headers, body) is checked against the
# model, as their endpoints do (Lambda: `Value 'a b' at 'functionName' failed to satisfy ...`).
REST_JSON_VALIDATED = frozenset(("lambda",))
# Query services whose model checks answer `ValidationError` with coral's sentences; the others
# (SQS, EC2, CloudWatch...) answer MissingParameter for an absent parameter and check no more here.
QUERY_VALIDATION_ERROR = frozenset(("sns", "iam", "sts", "cloudformation"))
# Members a service checks character by character with its own error, lone surrogates included.
SERVICE_CHECKED_TEXT = {("sqs", "SendMessage"): "MessageBody"}

_compiled: dict[tuple[str, str], Node | None] = {}
_compile_lock = threading.Lock()


def check_request(service: str, request: Request) -> None:
    """Raise the AWSError a real endpoint would answer for a malformed request; else return."""
    check_signature(service, request.headers, request.query_string)
    protocol = constants.PROTOCOLS.get(service)
    target = request.headers.get(constants.HEADER_TARGET)
    if target and (protocol == "json" or service == "sqs"):
        _check_json_request(service, target, request.data, not request.headers.get(HEADER_INTERNAL))
    elif target and request.data[:1] in (b"{", b"["):
        parse_json_body(request.data)  # a JSON body to a query service: at least never a 500
    elif protocol in ("query", "ec2") or service == "sqs":
        _check_query_request(service, request, protocol == "ec2")
    elif service == "s3":
        _check_s3_xml(request)
    elif service == "route53" and request.method == "POST" and request.data:
        check_xml_body(request.data)
    elif service in REST_JSON_VALIDATED:
        _check_rest_json_request(service, request)
    elif protocol == "rest-json" and request.data[:1] in (b"{", b"["):
        _check_rest_json_body(request)


def blame_request(service: str, request: Request) -> AWSError | None:
    """After a backend crashed on a request that passed `check_request`: the request's fault, if any."""
    if constants.PROTOCOLS.get(service) == "rest-json" and request.data:
        content_type = request.headers.get("Content-Type") or ""
        if "json" in content_type or request.data.lstrip()[:1] in (b"{", b"["):
            try:
                parse_json_body(request.data)
            except SerializationError as error:
                return error
    return None


def validation_error(service: str, sentences: list[str]) -> ValidationError:
    """AWS's `N validation error(s) detected: ...` of a service, with the service's own code."""
    count = len(sentences)
    message = f"{count} validation error{'' if count == 1 else 's'} detected: " + "; ".join(sentences)
    return ValidationError(message, VALIDATION_CODES.get(service, "ValidationException"))


def compiled_input(service: str, operation: str) -> Node | None:
    """The check tree of an operation's input, compiled on first use and kept."""
    key = (service, operation)
    rest = constants.PROTOCOLS.get(service, "").startswith("rest")
    node = _compiled.get(key, False)
    if node is False:
        with _compile_lock:
            node = _compiled.get(key, False)
            if node is False:
                model = service_model(service)
                shape = model.operation_model(operation).input_shape if model is not None else None
                namespace = json_error_style(service).namespace or f"com.amazonaws.{service}"
                constraints = service not in MODEL_TYPES_ONLY
                node = (
                    compile_shape(
                        shape,
                        namespace,
                        members_located=rest,
                        constraints=constraints,
                        unchecked=_replaced_shapes.get(service, frozenset()),
                    )
                    if shape is not None
                    else None
                )
                _compiled[key] = node
    return node  # type: ignore[return-value]


def _check_json_request(service: str, target: str, data: bytes, walk: bool = True) -> None:
    """`walk` False (calls between our own services): syntax and operation only. The CloudFormation
    deployer hands template values on as written ("5" for a number), which moto takes as AWS's
    resource providers do."""
    operation = target.rpartition(".")[2]
    body = parse_json_body(data, SERVICE_CHECKED_TEXT.get((service, operation)))
    model = service_model(service)
    if model is None:
        return
    if operation not in operation_names(model):
        raise UnknownOperation(service, operation, query_protocol=False)
    node = compiled_input(service, operation) if walk else None
    if node is None:
        if not isinstance(body, dict):
            raise MalformedBody("expected a JSON object")
        return
    sentences: list[str] = []
    try:
        node.check(body, None, sentences, False)
    except RecursionError:
        raise SerializationError("The request body is nested too deeply.") from None
    extra = _extra_constraints.get(service)
    if extra is not None:
        sentences.extend(extra(operation, body))
    if sentences:
        raise validation_error(service, sentences)


ExtraConstraints = Callable[[str, dict], list[str]]
_extra_constraints: dict[str, ExtraConstraints] = {}
_replaced_shapes: dict[str, frozenset[str]] = {}


def replace_constraints(service: str, shapes: frozenset[str]) -> None:
    """Leave the model's constraints of these shapes unchecked: the service answers a value that breaks
    them in its own words (DynamoDB's TableClass: `Invalid table-class parameter provided. ...`, not
    the enum sentence). Its starter registers them before the first request is compiled."""
    _replaced_shapes[service] = shapes
    for key in [key for key in _compiled if key[0] == service]:
        del _compiled[key]


def register_constraints(service: str, check: ExtraConstraints) -> None:
    """Add a service's own constraint sentences (`Value 'a;' at 'tableName' failed to satisfy
    constraint: ...`, for rules its model no longer states) to the model's, so that one
    `N validation errors detected` message counts both, as AWS's does. `check(operation, body)`
    runs only on bodies whose types are right; its starter registers it."""
    _extra_constraints[service] = check


def _check_rest_json_request(service: str, request: Request) -> None:
    """The whole input of a rest-json call: URI labels, query and header members, and the body."""
    matched = match_rest_operation(service, request.method, request.path, request.headers)
    if matched is None:
        _check_rest_json_body(request)
        return
    operation, labels = matched
    shape = service_model(service).operation_model(operation).input_shape
    node = compiled_input(service, operation)
    if shape is None or node is None:
        return
    params: dict[str, Any] = {}
    payload = shape.serialization.get("payload")
    if request.data and request.data[:1] in (b"{", b"[") and payload is None:
        body = parse_json_body(request.data)
        if not isinstance(body, dict):
            raise SerializationError("Start of list found where not expected")
        params.update(body)
    elif request.data and payload and shape.members[payload].type_name == "structure":
        params[payload] = parse_json_body(request.data)
    query: dict[str, list[str]] = {}
    for key, item in parse_qsl(request.query_string, keep_blank_values=True):
        query.setdefault(key, []).append(item)
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        if location is None:
            continue
        wire = member.serialization.get("name", name)
        if location == "uri":
            value: Any = unquote(labels[wire]) if wire in labels else None
        elif location == "querystring" and member.type_name == "list":
            value = query.get(wire)
        elif location == "querystring":
            value = _typed(query[wire][0], member.type_name) if wire in query else None
        elif location == "header":
            value = _typed(request.headers.get(wire), member.type_name)
        else:
            continue
        if value is not None:
            params[wire] = value
    sentences: list[str] = []
    node.check(params, None, sentences, False)
    if sentences:
        raise validation_error(service, sentences)


def _typed(value: str | None, type_name: str) -> Any:
    """A query or header value as the member's type; None (left to the backend) if it is not one."""
    if value is None or type_name in ("string", "timestamp", "blob"):
        return value
    try:
        if type_name in ("integer", "long"):
            return int(value)
        if type_name in ("double", "float"):
            return float(value)
        if type_name == "boolean" and value in ("true", "false"):
            return value == "true"
    except ValueError:
        return None
    return None


def _check_rest_json_body(request: Request) -> None:
    content_type = request.headers.get("Content-Type") or ""
    if "json" in content_type:
        parse_json_body(request.data)


def _check_query_request(service: str, request: Request, ec2: bool) -> None:
    pairs = parse_qsl(request.query_string, keep_blank_values=True)
    content_type = request.headers.get("Content-Type") or ""
    if request.data and (content_type.startswith("application/x-www-form-urlencoded") or not content_type):
        try:
            body = request.data.decode("utf-8")
        except UnicodeDecodeError:
            raise AWSError("MalformedQueryString", "The request body is not valid UTF-8.") from None
        pairs += parse_qsl(body, keep_blank_values=True)
    params = dict(pairs)
    if service == "sqs" and request.path_only.strip("/"):
        # A request sent to a queue URL names its queue by the path, not by a QueueUrl parameter.
        params.setdefault("QueueUrl", request.path_only)
    operation = params.get("Action")
    if not operation:
        return
    model = service_model(service)
    if model is None:
        return
    if operation not in operation_names(model):
        raise UnknownOperation(service, operation, query_protocol=True)
    if service in QUERY_VALIDATION_ERROR:
        _check_query_scalars(service, operation, params)
        return
    for name in _required_members(model, operation, "ec2" if ec2 else "query"):
        if name not in params:
            raise missing_parameter(name, query_protocol=True)


def _check_query_scalars(service: str, operation: str, params: dict[str, str]) -> None:
    """The top-level scalar members of a query call against the model, as coral-based query
    services check them (`ValidationError: 1 validation error detected: Value null at 'roleArn'...`).

    Lists and structures arrive flattened (`Tags.member.1.Key`) and are left to the backend."""
    node = _query_scalars_node(service, operation)
    if node is None:
        return
    typed: dict[str, Any] = {}
    for wire, (_, member, _) in node.by_wire.items():
        value = params.get(wire)
        if value is not None:
            converted = _typed(value, member.type_name)
            if converted is not None:
                typed[wire] = converted
    sentences: list[str] = []
    try:
        node.check(typed, None, sentences, False)
    except SerializationError:
        return  # a string where a number belongs: the backend names it in its own words
    if sentences:
        count = len(sentences)
        message = f"{count} validation error{'' if count == 1 else 's'} detected: " + "; ".join(sentences)
        raise ValidationError(message, "ValidationError")


def _query_scalars_node(service: str, operation: str) -> StructureNode | None:
    key = (service, f"{operation}#query")
    if key not in _compiled:
        full = compiled_input(service, operation)
        node = None
        if isinstance(full, StructureNode):
            node = StructureNode.__new__(StructureNode)
            node.name, node.type_name, node.java_name = full.name, full.type_name, full.java_name
            node.members = [entry for entry in full.members if isinstance(entry[2], ScalarNode)]
            node.by_wire = {wire: full.by_wire[wire] for wire, _, _ in node.members}
            node.required = tuple(pair for pair in full.required if pair[0] in node.by_wire)
        _compiled[key] = node
    return _compiled[key]  # type: ignore[return-value]


def _check_s3_xml(request: Request) -> None:
    if request.method not in ("PUT", "POST") or not request.data:
        return
    keys = {key for key, _ in parse_qsl(request.query_string, keep_blank_values=True)}
    if keys & S3_XML_SUBRESOURCES:
        if request.method == "PUT" and "uploadId" in keys:
            return  # UploadPart: the body is object data
        check_xml_body(request.data)
    elif request.method == "PUT" and not keys and _is_bucket_level(request):
        check_xml_body(request.data)  # CreateBucket with a configuration


def _is_bucket_level(request: Request) -> bool:
    path = request.path_only.strip("/")
    host = request.host.split(":", 1)[0]
    if ".s3." in host or ".s3-" in host:
        return path == ""
    return path != "" and "/" not in path


def _required_members(model: Any, operation: str, protocol: str) -> tuple[str, ...]:
    """Wire names of the required top-level members (scalars only for form-encoded protocols)."""
    cache = model.__dict__.setdefault("_ls_required", {})
    key = (operation, protocol)
    if key not in cache:
        shape = model.operation_model(operation).input_shape
        names = []
        for member in shape.required_members if shape is not None else []:
            member_shape = shape.members[member]
            if member_shape.metadata.get("idempotencyToken") or member_shape.serialization.get("location"):
                continue
            if protocol == "json":
                names.append(member_shape.serialization.get("name", member))
            elif member_shape.type_name in _SCALAR_TYPES:
                names.append(_query_name(member, member_shape, protocol == "ec2"))
        cache[key] = tuple(names)
    return cache[key]


def _query_name(member: str, shape: Any, ec2: bool) -> str:
    if not ec2:
        return shape.serialization.get("name", member)
    name = shape.serialization.get("queryName") or shape.serialization.get("name") or member
    return name[0].upper() + name[1:]
