"""Checks of a query or EC2 protocol request against botocore's model: the operation, the types of its
numbers, booleans and timestamps at every depth, and, for coral-based services (SNS, IAM, STS,
CloudFormation, SES, CloudWatch), the whole input tree read back from its flattened form
(query_form.py) and checked as a JSON body is, in coral's sentences with its member paths
(`Value 'x' at 'tags.1.member.value' failed to satisfy constraint: ...`, code ValidationError)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

# The package's compiled checks, looked up at call time (it imports this module while it loads).
import localstack.utils.aws.request_checks as checks
from localstack import constants
from localstack.utils.aws.errors import (
    AWSError,
    FrameworkError,
    SerializationError,
    UnknownOperation,
    ValidationError,
    missing_parameter,
)
from localstack.utils.aws.internal_client import HEADER_INTERNAL
from localstack.utils.aws.request_checks.models import operation_names, service_model
from localstack.utils.aws.request_checks.query_form import (
    MalformedValue,
    StructureReader,
    compile_reader,
    read_params,
)
from localstack.utils.aws.request_checks.shapes import ScalarNode, StructureNode
from localstack.utils.http import Request

_SCALAR_TYPES = frozenset(("string", "integer", "long", "boolean", "double", "float", "timestamp"))

# Query services whose model checks answer `ValidationError` with coral's sentences (SES: "1 validation
# error detected: Value null at 'source' failed to satisfy constraint: Member must not be null", as SDK
# users report it); the others (SQS, EC2, RDS...) answer MissingParameter for an absent parameter
# and InvalidParameterValue for a value that does not read as its type.
QUERY_VALIDATION_ERROR = frozenset(("sns", "iam", "sts", "cloudformation", "ses", "cloudwatch"))
# Of those, services that name a missing member themselves (CloudWatch: `MISSING_RULE_NAME: The RuleName
# parameter must be present.`, `MetricName must not be null`, recorded by SDK tests and users) instead of
# coral's `Value null at '...'`: their model checks leave required members out, and a missing top-level
# parameter is MissingParameter as before.
QUERY_SERVICE_REQUIRED = frozenset(("cloudwatch",))


def check_query_request(service: str, request: Request, ec2: bool) -> None:
    pairs = parse_qsl(request.query_string, keep_blank_values=True)
    content_type = request.headers.get("Content-Type") or ""
    if request.data and (content_type.startswith("application/x-www-form-urlencoded") or not content_type):
        try:
            body = request.data.decode("utf-8")
        except UnicodeDecodeError:
            raise AWSError("MalformedQueryString", "The request body is not valid UTF-8.") from None
        pairs += parse_qsl(body, keep_blank_values=True)
    params = dict(pairs)
    on_queue = service == "sqs" and bool(request.path_only.strip("/"))
    if on_queue:
        # A request sent to a queue URL names its queue by the path, not by a QueueUrl parameter.
        params.setdefault("QueueUrl", request.path_only)
    operation = params.get("Action")
    if not operation:
        return
    model = service_model(service)
    if model is None:
        return
    if operation not in operation_names(model):
        if on_queue:
            # Recorded against SQS: a queue URL is an endpoint of its own, not the web service.
            raise FrameworkError("InvalidAction", f"The action {operation} is not valid for this endpoint.")
        raise UnknownOperation(service, operation, query_protocol=True)
    if service in QUERY_VALIDATION_ERROR:
        _check_query_tree(service, operation, params, not request.headers.get(HEADER_INTERNAL))
        if service not in QUERY_SERVICE_REQUIRED:
            return
    elif service != "sqs":
        # Numbers, booleans and timestamps at every depth must read as their types (SQS names its own);
        # calls between our own services (template values as written) at the top level only, as before.
        reader = _query_reader(service, operation)
        if reader is not None:
            if request.headers.get(HEADER_INTERNAL):
                params = {key: value for key, value in params.items() if "." not in key}
            _read_query_tree(service, reader, params)
    for name in _required_members(model, operation, "ec2" if ec2 else "query"):
        if name not in params:
            raise missing_parameter(name, query_protocol=True, ec2=ec2)


def _check_query_tree(service: str, operation: str, params: dict[str, str], walk: bool) -> None:
    """The whole input of a call to a coral-based query service (SNS, IAM, STS, CloudFormation, SES):
    the flattened parameters read back into the member tree (query_form.py), then the same checks as a
    JSON body's, in AWS's words: `ValidationError: 1 validation error detected: Value '...' at
    'tags.1.member.key' failed to satisfy constraint: ...` (IAM, recorded by users; SNS recorded
    `messageAttributes.attr1.member.dataType`). `walk` False (calls between our own services, the
    CloudFormation deployer's): top-level members only, as before this check saw the whole tree."""
    reader = _query_reader(service, operation)
    node = checks.compiled_input(service, operation)
    if reader is None or not isinstance(node, StructureNode):
        return
    if not walk:
        params = {key: value for key, value in params.items() if "." not in key}
    tree = _read_query_tree(service, reader, params)
    if not walk:
        _check_query_scalars(service, operation, tree)
        return
    if checks._passes_fast(service, operation, node, tree):
        return
    sentences: list[str] = []
    try:
        node.check(tree, None, sentences, False)
    except SerializationError:
        return  # a blob that is not base64: the backend names it in its own words
    except RecursionError:
        raise AWSError("MalformedQueryString", "The request is nested too deeply.") from None
    if sentences:
        _raise_query_validation_error(service, sentences)


def _read_query_tree(service: str, reader: StructureReader, params: dict[str, str]) -> dict[str, Any]:
    try:
        return read_params(reader, params)
    except MalformedValue as error:
        raise _malformed_query_value(service, error.key, error.value, error.type_name) from None
    except RecursionError:
        raise AWSError("MalformedQueryString", "The request is nested too deeply.") from None


def _raise_query_validation_error(service: str, sentences: list[str]) -> None:
    if service in QUERY_SERVICE_REQUIRED:
        sentences = [sentence for sentence in sentences if not sentence.startswith("Value null at ")]
        if not sentences:
            return
    sentences = sentences[: checks.MAX_SENTENCES]
    count = len(sentences)
    message = f"{count} validation error{'' if count == 1 else 's'} detected: " + "; ".join(sentences)
    raise ValidationError(message, "ValidationError")


_readers: dict[tuple[str, str], StructureReader | None] = {}


def _query_reader(service: str, operation: str) -> StructureReader | None:
    key = (service, operation)
    reader = _readers.get(key, False)
    if reader is False:
        with checks._compile_lock:
            shape = service_model(service).operation_model(operation).input_shape
            reader = compile_reader(shape, constants.PROTOCOLS.get(service) == "ec2") if shape else None
            _readers[key] = reader  # type: ignore[assignment]
    return reader  # type: ignore[return-value]


def _malformed_query_value(service: str, wire: str, value: str, type_name: str) -> AWSError:
    """A number, boolean or timestamp parameter that does not read as one: the request's fault."""
    expected = {
        "integer": "an integer",
        "long": "an integer",
        "boolean": "true or false",
        "timestamp": "an ISO 8601 timestamp",
    }
    message = (
        f"Value ({value[:100]}) for parameter {wire} is invalid. "
        f"Expected {expected.get(type_name, f'a {type_name}')}."
    )
    # CloudWatch keeps the InvalidParameterValue it answered before (neither form recorded for it).
    code = (
        "ValidationError"
        if service in QUERY_VALIDATION_ERROR - QUERY_SERVICE_REQUIRED
        else "InvalidParameterValue"
    )
    return AWSError(code, message)


def _check_query_scalars(service: str, operation: str, tree: dict[str, Any]) -> None:
    """The top-level scalar members of a query call against the model (calls between our own services)."""
    node = _query_scalars_node(service, operation)
    if node is None:
        return
    sentences: list[str] = []
    try:
        node.check(tree, None, sentences, False)
    except SerializationError:
        return
    if sentences:
        _raise_query_validation_error(service, sentences)


def _query_scalars_node(service: str, operation: str) -> StructureNode | None:
    key = (service, f"{operation}#query")
    if key not in checks._compiled:
        full = checks.compiled_input(service, operation)
        node = None
        if isinstance(full, StructureNode):
            node = StructureNode.__new__(StructureNode)
            node.name, node.type_name, node.java_name = full.name, full.type_name, full.java_name
            node.members = [entry for entry in full.members if isinstance(entry[2], ScalarNode)]
            node.by_wire = {wire: full.by_wire[wire] for wire, _, _ in node.members}
            node.required = tuple(pair for pair in full.required if pair[0] in node.by_wire)
        checks._compiled[key] = node
    return checks._compiled[key]  # type: ignore[return-value]


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
