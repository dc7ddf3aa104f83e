"""Protocol-level checks of a request before its backend sees it (body syntax, operation name,
required top-level parameters, from botocore's service models), and the blame for a backend crash."""

from __future__ import annotations

import json
import re
import threading
from typing import Any
from urllib.parse import parse_qsl
from xml.etree import ElementTree

from localstack import constants
from localstack.utils.aws.errors import (
    AWSError,
    MalformedBody,
    MalformedXML,
    UnknownOperation,
    missing_parameter,
)
from localstack.utils.http import Request

# S3 sub-resources whose PUT/POST body is an XML document.
S3_XML_SUBRESOURCES = frozenset(
    "accelerate acl analytics cors delete encryption intelligent-tiering inventory legal-hold lifecycle "
    "logging metrics notification object-lock ownershipControls publicAccessBlock replication "
    "requestPayment restore retention select tagging uploadId versioning website".split()
)
_SCALAR_TYPES = frozenset(("string", "integer", "long", "boolean", "double", "float", "timestamp"))

_models: dict[str, Any] = {}
_models_lock = threading.Lock()


def check_request(service: str, request: Request) -> None:
    """Raise the AWSError a real endpoint would answer for a malformed request; else return."""
    protocol = constants.PROTOCOLS.get(service)
    target = request.headers.get(constants.HEADER_TARGET)
    if target and (protocol == "json" or service == "sqs"):
        _check_json_request(service, target, request.data)
    elif protocol in ("query", "ec2") or service == "sqs":
        _check_query_request(service, request, protocol == "ec2")
    elif service == "s3":
        _check_s3_xml(request)
    elif service == "route53" and request.method == "POST" and request.data:
        _check_xml(request.data)


def blame_request(service: str, request: Request) -> AWSError | None:
    """After a backend crashed on a request that passed `check_request`: the request's fault, if any.

    Runs only on that error path, so the full model validation costs nothing on the hot path.
    """
    target = request.headers.get(constants.HEADER_TARGET)
    if target:
        return _validate_json_params(service, target.rpartition(".")[2], request.data)
    if constants.PROTOCOLS.get(service) == "rest-json" and request.data:
        content_type = request.headers.get("Content-Type") or ""
        if "json" in content_type or request.data.lstrip()[:1] in (b"{", b"["):
            try:
                json.loads(request.data)
            except UnicodeDecodeError:
                return MalformedBody("it is not valid UTF-8")
            except ValueError as error:
                return MalformedBody(f"it is not valid JSON ({error})")
    return None


def _validate_json_params(service: str, operation: str, data: bytes) -> AWSError | None:
    """botocore's own parameter validation of a JSON body: wrong types, lengths, unknown members."""
    model = service_model(service)
    try:
        body = json.loads(data) if data.strip() else {}
        shape = model.operation_model(operation).input_shape if model is not None else None
    except Exception:
        return None
    if shape is None or not isinstance(body, dict):
        return None
    from botocore.validate import ParamValidator

    report = ParamValidator().validate(body, shape)
    if not report.has_errors():
        return None
    return AWSError("ValidationException", report.generate_report().replace("\n", " "))


def _check_json_request(service: str, target: str, data: bytes) -> None:
    operation = target.rpartition(".")[2]
    try:
        body = json.loads(data) if data.strip() else {}
    except UnicodeDecodeError:
        raise MalformedBody("it is not valid UTF-8") from None
    except ValueError as error:
        raise MalformedBody(f"it is not valid JSON ({error})") from None
    if not isinstance(body, dict):
        raise MalformedBody("expected a JSON object")
    model = service_model(service)
    if model is None:
        return
    if operation not in _operation_names(model):
        raise UnknownOperation(service, operation, query_protocol=False)
    for name in _required_members(model, operation, "json"):
        if body.get(name) is None:
            raise missing_parameter(name, query_protocol=False)


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
    if operation not in _operation_names(model):
        raise UnknownOperation(service, operation, query_protocol=True)
    for name in _required_members(model, operation, "ec2" if ec2 else "query"):
        if name not in params:
            raise missing_parameter(name, query_protocol=True)


def _check_s3_xml(request: Request) -> None:
    if request.method not in ("PUT", "POST") or not request.data:
        return
    keys = {key for key, _ in parse_qsl(request.query_string, keep_blank_values=True)}
    if keys & S3_XML_SUBRESOURCES:
        if request.method == "PUT" and "uploadId" in keys:
            return  # UploadPart: the body is object data
        _check_xml(request.data)
    elif request.method == "PUT" and not keys and _is_bucket_level(request):
        _check_xml(request.data)  # CreateBucket with a configuration


def _is_bucket_level(request: Request) -> bool:
    path = request.path_only.strip("/")
    host = request.host.split(":", 1)[0]
    if ".s3." in host or ".s3-" in host:
        return path == ""
    return path != "" and "/" not in path


def _check_xml(data: bytes) -> None:
    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise MalformedXML(str(error)) from None


def service_model(service: str) -> Any | None:
    """botocore's model of a service, loaded once; None if botocore does not know it."""
    if service not in _models:
        with _models_lock:
            if service not in _models:
                try:
                    from botocore.loaders import Loader
                    from botocore.model import ServiceModel

                    raw = Loader().load_service_model(service, "service-2")
                    _models[service] = ServiceModel(raw, service)
                except Exception:
                    _models[service] = None
    return _models[service]


def _operation_names(model: Any) -> frozenset[str]:
    names = getattr(model, "_ls_operation_names", None)
    if names is None:
        names = model._ls_operation_names = frozenset(model.operation_names)
    return names


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


def rest_operation_name(service: str, method: str, path: str, headers: Any = None) -> str | None:
    """The operation a rest-json/rest-xml request calls, matched against the model's request URIs
    and required query and header members (for the request log line: `s3 GetObject 200`).

    None when nothing matches. Path-style only: a virtual-host S3 request names no bucket in its path.
    """
    model = service_model(service)
    if model is None or model.protocol not in ("rest-json", "rest-xml"):
        return None
    path_only, _, query = path.partition("?")
    keys = {key for key, _ in parse_qsl(query, keep_blank_values=True)}
    header_names = {name.lower() for name in headers.keys()} if headers is not None else set()
    best: tuple[int, str] | None = None
    for op_method, pattern, query_keys, required_headers, score, name in _rest_routes(model):
        if (
            op_method == method
            and query_keys <= keys
            and required_headers <= header_names
            and pattern.match(path_only)
            and (best is None or score > best[0])
        ):
            best = (score, name)
    return best[1] if best else None


def _rest_routes(model: Any) -> list[tuple[str, re.Pattern, frozenset[str], frozenset[str], int, str]]:
    routes = getattr(model, "_ls_rest_routes", None)
    if routes is None:
        routes = []
        for name in model.operation_names:
            operation = model.operation_model(name)
            uri_path, _, uri_query = operation.http.get("requestUri", "/").partition("?")
            # botocore's x-id names the operation for its own use; clients need not send it.
            query_keys = {
                item.split("=", 1)[0] for item in uri_query.split("&") if item and item[:5] != "x-id="
            }
            required_headers = set()
            shape = operation.input_shape
            for member in shape.required_members if shape is not None else []:
                serialization = shape.members[member].serialization
                if serialization.get("location") == "querystring":
                    query_keys.add(serialization.get("name", member))
                elif serialization.get("location") == "header":
                    required_headers.add(serialization.get("name", member).lower())
            regex, literal = "", 0
            for part in re.split(r"(\{[^}]+\})", uri_path):
                if part.startswith("{"):
                    regex += ".+" if part.endswith("+}") else "[^/]+"
                else:
                    regex += re.escape(part)
                    literal += len(part)
            score = literal + 100 * (len(query_keys) + len(required_headers))
            pattern = re.compile(f"^{regex.rstrip('/')}/?$")
            method = operation.http.get("method", "POST")
            routes.append((method, pattern, frozenset(query_keys), frozenset(required_headers), score, name))
        model._ls_rest_routes = routes
    return routes
