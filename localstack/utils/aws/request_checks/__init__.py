"""Checks of a request against botocore's model of its service before the backend sees it: body
syntax, operation name, and for JSON-protocol services the whole input tree (types, required
members at every depth, enums, patterns, lengths, ranges, sizes), compiled once per operation.

What is checked follows what each family of AWS endpoints checks itself:
- awsJson services (DynamoDB, Kinesis, KMS, Logs, EventBridge, Step Functions, SSM, Secrets
  Manager...): every type (SerializationException) and every constraint (ValidationException;
  Logs: InvalidParameterException). SQS checks its own constraints in its own words
  (InvalidParameterValue, InvalidAttributeName), so only types and required members here.
- Lambda (rest-json): URI labels, query, headers and body, as its endpoint does.
- SNS, IAM, STS, CloudFormation, SES, CloudWatch (query): the whole input tree, read back from its
  flattened form (query_form.py), `ValidationError` with coral's member paths (CloudWatch: not its
  required members, which it names itself). Other query services (EC2, RDS, ElastiCache...): the
  operation, the types of numbers, booleans and timestamps at every depth (InvalidParameterValue
  naming the flattened key) and required top-level parameters (MissingParameter); SQS: the operation
  and required top-level parameters. Both in query_checks.py.
- S3 and Route 53 (rest-xml): well-formed XML bodies no deeper than 256 levels; their own rules
  (bucket names, keys) are the service packages'.
- every service: the shape of a SigV4 signature and its region, S3 presigned URLs (signature.py).
Patterns are Java's syntax, rewritten for Python with Java's meaning (java_regex.py); the few whose
meaning cannot be kept (class intersections) are not checked.
"""

from __future__ import annotations

import json
import re
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
)
from localstack.utils.aws.internal_client import HEADER_INTERNAL
from localstack.utils.aws.request_checks.bodies import check_xml_body, parse_json_body
from localstack.utils.aws.request_checks.fast import FastCheck, compile_fast
from localstack.utils.aws.request_checks.models import (
    match_rest_operation,
    operation_names,
    rest_operation_name,
    service_model,
)
from localstack.utils.aws.request_checks.nulls import without_null_members
from localstack.utils.aws.request_checks.shapes import (
    Node,
    compile_shape,
)
from localstack.utils.aws.request_checks.signature import check_signature
from localstack.utils.http import Request

__all__ = [
    "blame_request",
    "check_request",
    "lengths_before_patterns",
    "order_enums",
    "order_sentences_by_path",
    "order_sentences_with",
    "order_members_first",
    "register_constraints",
    "replace_constraints",
    "require_members",
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

# The code of a constraint violation, where a service does not say ValidationException.
VALIDATION_CODES = {"logs": "InvalidParameterException"}
# Services whose endpoints check their own constraints with their own errors instead of the model's
# (SQS takes message attribute names in ReceiveMessage's AttributeNames, outside the model's enum,
# and answers InvalidParameterValue/InvalidAttributeName): types and required members only.
MODEL_TYPES_ONLY = frozenset(("sqs",))
# rest-json services whose every request (URI labels, query, headers, body) is checked against the
# model, as their endpoints do (Lambda: `Value 'a b' at 'functionName' failed to satisfy ...`).
REST_JSON_VALIDATED = frozenset(("lambda",))
# Members a service checks character by character with its own error, lone surrogates included.
SERVICE_CHECKED_TEXT = {("sqs", "SendMessage"): "MessageBody"}

_compiled: dict[tuple[str, str], Node | None] = {}
# The same checks as one generated function that only says whether a body is fine (fast.py).
_fast: dict[tuple[str, str], FastCheck | None] = {}
_compile_lock = threading.Lock()


def check_request(service: str, request: Request) -> None:
    """Raise the AWSError a real endpoint would answer for a malformed request; else return."""
    check_signature(service, request.headers, request.query_string)
    protocol = constants.PROTOCOLS.get(service)
    target = request.headers.get(constants.HEADER_TARGET)
    if target and (protocol == "json" or service == "sqs" or _json_also(service)):
        walk = not request.headers.get(HEADER_INTERNAL)
        rewritten = _check_json_request(service, target, request.data, walk)
        if rewritten is not None:
            request.data = rewritten
    elif target and request.data[:1] in (b"{", b"["):
        parse_json_body(request.data)  # a JSON body to a query service: at least never a 500
    elif protocol in ("query", "ec2") or service == "sqs":
        # Imported at the first query call, not with the server's imports (with its form parser ~4 ms).
        from localstack.utils.aws.request_checks.query_checks import check_query_request

        check_query_request(service, request, protocol == "ec2")
    elif service == "s3":
        _check_s3_xml(request)
    elif service == "route53" and request.method == "POST" and request.data:
        check_xml_body(request.data)
    elif service in REST_JSON_VALIDATED:
        _check_rest_json_request(service, request)
        if request.data.find(b"null") >= 0:
            _drop_rest_json_nulls(service, request)
    elif protocol == "rest-json" and request.data[:1] in (b"{", b"["):
        _check_rest_json_body(request)
        if request.data.find(b"null") >= 0:
            _drop_rest_json_nulls(service, request)


def _json_also(service: str) -> bool:
    """A service whose model lists JSON among its protocols (CloudWatch, and the rpc-v2-cbor services
    whose SDKs send CBOR): a JSON request to it is checked as the JSON protocol's endpoint checks it."""
    known = _JSON_ALSO.get(service)
    if known is None:
        model = service_model(service)
        known = _JSON_ALSO[service] = model is not None and "json" in model.metadata.get("protocols", ())
    return known


_JSON_ALSO: dict[str, bool] = {}


def blame_request(service: str, request: Request) -> AWSError | None:
    """After a backend crashed on a request that passed `check_request`: the request's fault, if any.

    A rest-json body whose members are not the model's types (a map where a string belongs) or lack
    a required member is the request's fault, as the service's deserializer would have said; checked
    only here, after a crash, so that calls that work pay nothing."""
    if constants.PROTOCOLS.get(service) == "rest-json" and request.data:
        content_type = request.headers.get("Content-Type") or ""
        if "json" in content_type or request.data.lstrip()[:1] in (b"{", b"["):
            try:
                body = parse_json_body(request.data)
            except SerializationError as error:
                return error
            return _blame_rest_json_body(service, request, body)
    return None


def _rest_json_types(service: str, request: Request) -> Node | None:
    """The types-only check tree of the body of the rest-json operation a request calls, if any."""
    matched = match_rest_operation(service, request.method, request.path, request.headers)
    if matched is None:
        return None
    shape = service_model(service).operation_model(matched[0]).input_shape
    if shape is None or shape.serialization.get("payload"):
        return None
    key = (service, f"{matched[0]}#types")
    node = _compiled.get(key)
    if node is None:
        namespace = json_error_style(service).namespace or f"com.amazonaws.{service}"
        node = _compiled[key] = compile_shape(shape, namespace, constraints=False)
    return node


def _drop_rest_json_nulls(service: str, request: Request) -> None:
    """A rest-json body's null members reach the backend as absent, as AWS's deserializers read them."""
    node = _rest_json_types(service, request)
    if node is None:
        return
    try:
        body, changed = without_null_members(node, parse_json_body(request.data))
    except RecursionError:
        raise SerializationError("The request body is nested too deeply.") from None
    if changed:
        request.data = json.dumps(body).encode()


def _blame_rest_json_body(service: str, request: Request, body: Any) -> AWSError | None:
    node = _rest_json_types(service, request)
    if node is None:
        return None
    if not isinstance(body, dict):
        return SerializationError("Start of list found where not expected")
    # Members bound to the URI, query or headers are not in the compiled body (top level).
    sentences: list[str] = []
    try:
        node.check(body, None, sentences, False)
    except SerializationError as error:
        return error
    except RecursionError:
        return SerializationError("The request body is nested too deeply.")
    return validation_error(service, sentences) if sentences else None


MAX_SENTENCES = 10


def validation_error(service: str, sentences: list[str], operation: str = "") -> ValidationError:
    """AWS's `N validation error(s) detected: ...` of a service, with the service's own code."""
    own_order = _own_orders.get(service)
    if own_order is not None and len(sentences) > 1:
        sentences = own_order(operation, sentences)
    elif service in _sorted_by_path and len(sentences) > 1:
        first = _members_first.get(service)
        sentences = sorted(sentences, key=_path_key(first) if first else _sentence_path)
    if service in _length_first and len(sentences) > 1:
        sentences = _lengths_before_patterns(sentences, _length_first[service])
    # AWS's validator stops at ten sentences and counts only those (recorded: DynamoDB CreateTable with
    # nine empty LocalSecondaryIndexes, Kinesis PutRecords of 501 empty records).
    sentences = sentences[:MAX_SENTENCES]
    count = len(sentences)
    message = f"{count} validation error{'' if count == 1 else 's'} detected: " + "; ".join(sentences)
    return ValidationError(message, VALIDATION_CODES.get(service, "ValidationException"))


def register_rules_on_first_check(service: str, loader: Callable[[], None]) -> None:
    """Have `loader` register the service's own rules (`register_constraints`, `replace_constraints`,
    `order_enums`...) right before its first request is checked, instead of at start-up: a starter
    whose rules live in a module heavy to import (DynamoDB's expressions) registers this."""
    _rule_loaders[service] = loader


def _load_rules(service: str) -> None:
    with _rules_lock:
        loader = _rule_loaders.get(service)
        if loader is not None:
            loader()
            del _rule_loaders[service]  # after: other threads wait for the rules, not pass without


def compiled_input(service: str, operation: str) -> Node | None:
    """The check tree of an operation's input, compiled on first use and kept."""
    if service in _rule_loaders:
        _load_rules(service)
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
                        unchecked=_unchecked_shapes(service, operation),
                        required=_required_by_service.get(service),
                        enum_orders=_enum_orders.get(service),
                        unsent=_unsent_members.get(service),
                    )
                    if shape is not None
                    else None
                )
                _compiled[key] = node
    return node  # type: ignore[return-value]


def _check_json_request(service: str, target: str, data: bytes, walk: bool = True) -> bytes | None:
    """`walk` False (calls between our own services): syntax and operation only. The CloudFormation
    deployer hands template values on as written ("5" for a number), which moto takes as AWS's
    resource providers do. Returns the body to hand on where it differs from what was sent: without
    null members, which AWS reads as absent and moto would crash on."""
    if service in _rule_loaders:
        _load_rules(service)
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
        return None
    sentences: list[str] = []
    if not _passes_fast(service, operation, node, body):
        try:
            node.check(body, None, sentences, False)
        except RecursionError:
            raise SerializationError("The request body is nested too deeply.") from None
    extra = _extra_constraints.get(service)
    if extra is not None:
        sentences.extend(extra(operation, body))
    if sentences:
        raise validation_error(service, sentences, operation)
    # Most bodies hold no null: one substring search spares the walk.
    if data.find(b"null") >= 0:
        try:
            body, changed = without_null_members(node, body)
        except RecursionError:
            raise SerializationError("The request body is nested too deeply.") from None
        if changed:
            return json.dumps(body).encode()
    return None


def _passes_fast(service: str, operation: str, node: Node, body: Any) -> bool:
    """Whether the generated check finds the body fine; False sends it to the tree's walk, which
    names what is wrong."""
    key = (service, operation)
    fast = _fast.get(key, False)
    if fast is False:
        with _compile_lock:
            fast = _fast[key] = compile_fast(node)
    if fast is None:
        return False
    try:
        return fast(body)
    except RecursionError:
        return False


ExtraConstraints = Callable[[str, dict], list[str]]
_extra_constraints: dict[str, ExtraConstraints] = {}
_replaced_shapes: dict[str, frozenset[str]] = {}
_required_by_service: dict[str, dict[str, frozenset[str]]] = {}
_unsent_members: dict[str, dict[str, tuple[str, ...]]] = {}
_enum_orders: dict[str, dict[str, tuple[str, ...]]] = {}
_rule_loaders: dict[str, Callable[[], None]] = {}
# Reentrant: a loader's registrations may compile (they drop compiled checks).
_rules_lock = threading.RLock()


_sorted_by_path: set[str] = set()
_PATH_OF_SENTENCE = re.compile(r"^Value (?:null |'.*?' |)at '([^']*)'", re.S)


def order_sentences_by_path(service: str) -> None:
    """The service's validator lists its sentences by member path, whatever order the request sent
    its members in (DynamoDB: `returnValues` before `tableName`, `limit` before `returnConsumedCapacity`).
    Sentences of one path keep their order; a sentence naming no path keeps its place at the front."""
    _sorted_by_path.add(service)


_own_orders: dict[str, Callable[[str, list[str]], list[str]]] = {}


def order_sentences_with(service: str, order: Callable[[str, list[str]], list[str]]) -> None:
    """The service's validator lists its sentences in an order of its own: `order(operation, sentences)`
    gives it (DynamoDB: each structure's members in a Java HashMap's order). In place of
    `order_sentences_by_path` for that service."""
    _own_orders[service] = order


_length_first: dict[str, Callable[[str], bool] | None] = {}
_PATTERN_SENTENCE = "Member must satisfy regular expression pattern"
_LENGTH_SENTENCE = "Member must have length"


def lengths_before_patterns(service: str, at: Callable[[str], bool] | None = None) -> None:
    """The service's validator states a member's length sentence before its pattern sentence
    (EventBridge, recorded: a connection name too long and of the wrong characters); `at`: only for
    the member paths it accepts (DynamoDB: a global index's name)."""
    _length_first[service] = at


def _lengths_before_patterns(sentences: list[str], at: Callable[[str], bool] | None) -> list[str]:
    ordered = list(sentences)
    for i in range(len(ordered) - 1):
        here, after = ordered[i], ordered[i + 1]
        path = _sentence_path(here)
        if (
            _PATTERN_SENTENCE in here
            and _LENGTH_SENTENCE in after
            and path == _sentence_path(after)
            and (at is None or at(path))
        ):
            ordered[i], ordered[i + 1] = after, here
    return ordered


def _sentence_path(sentence: str) -> str:
    found = _PATH_OF_SENTENCE.match(sentence)
    return found.group(1) if found else ""


_members_first: dict[str, frozenset[str]] = {}


def order_members_first(service: str, members: frozenset[str]) -> None:
    """Members (path names) the service's validator lists before their siblings, where its order by
    path is not alphabetical (DynamoDB: `writeCapacityUnits` before `readCapacityUnits`,
    `attributeType` before `attributeName`, recorded in 2026). Its starter registers them."""
    _members_first[service] = members


def _path_key(first: frozenset[str]) -> Callable[[str], tuple]:
    def key(sentence: str) -> tuple:
        path = _sentence_path(sentence)
        return tuple((segment not in first, segment) for segment in path.split(".")) if path else ()

    return key


def order_enums(service: str, orders: dict[str, tuple[str, ...]]) -> None:
    """The order in which the service's `Member must satisfy enum value set: [...]` lists each enum
    shape's values, where AWS's validator does not follow the model (DynamoDB's Select is
    `[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]`). Its starter registers them."""
    _enum_orders[service] = orders
    _forget(service)


def replace_constraints(service: str, shapes: frozenset[str]) -> None:
    """Leave the model's constraints of these shapes unchecked: the service answers a value that breaks
    them in its own words (DynamoDB's TableClass: `Invalid table-class parameter provided. ...`, not
    the enum sentence). `Operation:Shape` limits one to that operation (Lambda's CreateFunction
    Runtime; its layer operations keep the model's sentence). Its starter registers them before the
    first request is compiled."""
    _replaced_shapes[service] = shapes
    _forget(service)


def _unchecked_shapes(service: str, operation: str) -> frozenset[str]:
    replaced = _replaced_shapes.get(service, frozenset())
    prefix = f"{operation}:"
    return frozenset(
        name[len(prefix) :] if name.startswith(prefix) else name
        for name in replaced
        if ":" not in name or name.startswith(prefix)
    )


def require_members(service: str, members: dict[str, frozenset[str]]) -> None:
    """Members (wire names, by structure shape name) the service refuses to go without though its
    model marks them optional (a tag with no key): `Value null at '...': Member must not be null`,
    counted with the model's sentences, instead of the backend's crash. Its starter registers them."""
    _required_by_service[service] = members
    _forget(service)


def unsent_members(service: str, members: dict[str, tuple[str, ...]]) -> None:
    """Members (path names, by structure shape name) of AWS's own model that botocore's lacks, which
    AWS prints as `name=null` when it quotes a whole structure in `Value '...'` (EventBridge's
    PutEventsRequestEntry ends `kmsKeyIdentifier=null, internalMetadata=null`). Its starter registers them."""
    _unsent_members[service] = members
    _forget(service)


def _forget(service: str) -> None:
    """Drop a service's compiled checks, so that the next call compiles them with its new rules."""
    for cache in (_compiled, _fast):
        for key in [key for key in cache if key[0] == service]:
            del cache[key]


def register_constraints(service: str, check: ExtraConstraints) -> None:
    """Add a service's own constraint sentences (`Value 'a;' at 'tableName' failed to satisfy
    constraint: ...`, for rules its model no longer states) to the model's, so that one
    `N validation errors detected` message counts both, as AWS's does. `check(operation, body)`
    runs only on bodies whose types are right; it may raise the service's own error where AWS
    answers a value in other words than its validator's (Logs' over-long log group name); its starter
    registers it."""
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
    sent_headers: dict[str, str] | None = None
    for key, item in parse_qsl(request.query_string, keep_blank_values=True):
        query.setdefault(key, []).append(item)
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        if location is None:
            continue
        wire = member.serialization.get("name", name)
        if location == "uri":
            # A label is text on the wire: a numeric one (GetLayerVersion's VersionNumber) reads as its type.
            value: Any = _typed(unquote(labels[wire]), member.type_name) if wire in labels else None
        elif location == "querystring" and member.type_name == "list":
            value = query.get(wire)
        elif location == "querystring":
            value = _typed(query[wire][0], member.type_name) if wire in query else None
        elif location == "header":
            if sent_headers is None:
                # One pass over what was sent: a missing header costs werkzeug an exception per get.
                sent_headers = {name.lower(): item for name, item in request.headers.items()}
            value = _typed(sent_headers.get(wire.lower()), member.type_name)
        else:
            continue
        if value is not None:
            params[wire] = value
    if _passes_fast(service, operation, node, params):
        return
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


def _check_s3_xml(request: Request) -> None:
    if request.method not in ("PUT", "POST") or not request.data:
        return
    keys = _query_names(request.query_string)
    if keys & S3_XML_SUBRESOURCES:
        if request.method == "PUT" and "uploadId" in keys:
            return  # UploadPart: the body is object data
        check_xml_body(request.data)
    elif request.method == "PUT" and not keys and _is_bucket_level(request):
        check_xml_body(request.data)  # CreateBucket with a configuration


# A query string's parameter names, by query string: most S3 writes send one of a few
# (`x-id=PutObject`, `partNumber=1&uploadId=...`); a long (presigned) one is not kept.
_QUERY_NAMES: dict[str, frozenset[str]] = {}
_QUERY_NAMES_KEPT = 256
_QUERY_NAME_KEPT_LENGTH = 128


def _query_names(query: str) -> frozenset[str]:
    names = _QUERY_NAMES.get(query)
    if names is None:
        names = frozenset(key for key, _ in parse_qsl(query, keep_blank_values=True))
        if len(query) <= _QUERY_NAME_KEPT_LENGTH:
            if len(_QUERY_NAMES) >= _QUERY_NAMES_KEPT:
                _QUERY_NAMES.clear()
            _QUERY_NAMES[query] = names
    return names


def _is_bucket_level(request: Request) -> bool:
    path = request.path_only.strip("/")
    host = request.host.split(":", 1)[0]
    if ".s3." in host or ".s3-" in host:
        return path == ""
    return path != "" and "/" not in path
