"""After a backend crash: the request's fault, when the crash is a failed lookup of something the request
names (moto indexes its stores with ids it never checked) or a paging token it could not read.

AWS answers these with the service's own NotFound error (or its invalid-token error), a 4xx; the
service is found in botocore's model of the operation, or, for EC2 (whose model lists no errors), in
`ec2_codes`. Nothing here runs on a call that works.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable
from urllib.parse import parse_qsl, unquote

from localstack import constants
from localstack.utils.aws.errors import AWSError, missing_parameter
from localstack.utils.http import Request

# (operation, member, value) -> the service's error, or None to fall back on the model's errors.
NotFoundResolver = Callable[[str, str, str], "AWSError | None"]
_resolvers: dict[str, NotFoundResolver] = {}

_TOKEN_MEMBERS = ("NextToken", "Marker", "nextToken", "marker", "PaginationToken")
_ID_SUFFIXES = ("Id", "Ids", "ID", "Name", "Names", "Arn", "Arns", "ARN", "Identifier", "Identifiers", "Ip")
_MISSING_WORDS = ("NotFound", "NoSuch", "DoesNotExist", "NotExist", "NonExistent")
# Patterns, not compiled ones: `re` compiles each at its first use (a crash), not at every start-up.
_NOT_IN_LIST = r"(?s)^(.*) is not in list$"
_NOT_AN_INT = r"(?s)^invalid literal for int\(\) with base \d+: '?(.*?)'?$"
_MISSING_ARGUMENT = r"^\S+\(\) missing 1 required positional argument: '(\w+)'$"
_NOT_A_FLOAT = r"(?s)^could not convert string to float: '?(.*?)'?$"


def register_not_found(service: str, resolver: NotFoundResolver) -> None:
    """A service whose NotFound codes its model does not list (EC2) names them itself."""
    _resolvers[service] = resolver


def blame_crash(service: str, request: Request, exc: BaseException) -> AWSError | None:
    """The 4xx AWS answers for a request the backend crashed on while looking up what it names."""
    if not _raised_in_moto(exc):
        return None  # our own code's faults stay 500s with their tracebacks
    escaped = _escaped_service_error(service, exc)
    if escaped is not None:
        return escaped
    refusal = _refusal(service, exc)
    if refusal is not None:
        return refusal
    if isinstance(exc, ValueError) and _failed_in(exc, "arn") and str(exc).startswith("not enough values"):
        malformed = _malformed_arn(service, request)
        if malformed is not None:
            return malformed
    overflow = isinstance(exc, OverflowError)
    unpassed = re.match(_MISSING_ARGUMENT, str(exc)) if isinstance(exc, TypeError) else None
    if not overflow and not unpassed and not _is_failed_lookup(exc):
        return None
    try:
        call = read_call(service, request)
    except Exception:  # noqa: BLE001 - a request we cannot read is left to the generic 500
        return None
    if call is None:
        return None
    operation, params = call
    if overflow:
        return _out_of_range(service, operation, params)
    if unpassed:
        # moto hands the request's members to its backend as keywords (`**self.params`): an
        # argument it lacks is a member the request left out.
        absent = _member_for_argument(service, operation, params, unpassed.group(1))
        return _missing(service, absent) if absent else None
    unreadable = _unreadable_payload(service, operation, request)
    if unreadable is not None:
        return unreadable
    if isinstance(exc, FileNotFoundError):
        return _unknown_resource_file(service, params, exc)
    # AWS refuses a request without a required member before anything else: whatever the backend
    # then tripped on (None used as a value, an empty list indexed) is that member's absence.
    absent = _absent_required(service, operation, params)
    if absent is not None:
        return _missing(service, absent)
    absent = _absent_member(service, operation, params, exc)
    member, value = _named_member(service, operation, params, exc)
    if absent is None and member is None:
        absent = _absent_identifier(service, operation, params)
    if absent is not None:
        return _missing(service, absent)
    if member is None:
        return None
    converting = isinstance(exc, ValueError) and not re.match(_NOT_IN_LIST, str(exc))
    if converting or _member_type(service, operation, member) in ("integer", "long", "double", "float"):
        # A number the backend could not read (EC2's SpotPrice is a string holding one).
        return validation_error_of(service, f"Value ({value}) for parameter {member} is invalid.")
    if member in _TOKEN_MEMBERS:
        return _invalid_token(service, operation, member)
    resolver = _resolvers.get(service)
    error = resolver(operation, member, value) if resolver is not None else None
    return error or _modeled_not_found(service, operation, member, value)


def _raised_in_moto(exc: BaseException) -> bool:
    frame = exc.__traceback__
    while frame is not None:
        if "/moto/" in frame.tb_frame.f_code.co_filename:
            return True
        frame = frame.tb_next
    return False


def _escaped_service_error(service: str, exc: BaseException) -> AWSError | None:
    """A moto error raised where moto does not turn it into an answer (its paginator's InvalidToken)."""
    code, status = getattr(exc, "error_type", None), getattr(exc, "code", None)
    if not isinstance(code, str) or not isinstance(status, int) or not 400 <= status < 500:
        return None
    if code == "InvalidToken":
        return _invalid_token(service, "", "")
    return AWSError(code, str(getattr(exc, "message", "") or code), status)


# ValueError sentences of Python itself (a value moto could not convert), not refusals moto words.
_PYTHON_VALUE_ERRORS = (
    r"(?s)^(invalid literal|could not convert|.* is not in list$|too many values|not enough values|"
    r"invalid isoformat|time data|year .* is out of range|math domain|substring not found|"
    r"Invalid (IPv4|IPv6|network)|.* does not appear to be an IPv|.*[Oo]ctet|Expected \d+ octets)"
)
# The modeled error a service refuses bad input with, in order of preference.
_VALIDATION_CODES = (
    "ValidationException",
    "ValidationError",
    "InvalidParameterValueException",
    "InvalidParameterException",
    "InvalidRequestException",
    "InvalidInputException",
    "InvalidParameterValue",
    "InvalidParameterCombination",
    "BadRequestException",
    "BadRequest",
    "InvalidInput",
    "InvalidArgument",
)


def _refusal(service: str, exc: BaseException) -> AWSError | None:
    """A ValueError (or bare Exception) moto raises in its own words to refuse a value (`No creation
    token given.`): the service's validation error with that sentence."""
    if type(exc).__name__ == "Error" and type(exc).__module__ == "binascii":
        return validation_error_of(service, f"A value is not valid base64: {exc}")
    if type(exc) is Exception and str(exc):
        # moto's bare `raise Exception("Cluster default has no registered tasks")`: its refusal.
        return validation_error_of(service, str(exc))
    if type(exc) is not ValueError:
        return None
    text = str(exc)
    frame = exc.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    where = frame.tb_frame.f_code.co_filename if frame is not None else ""
    number = re.match(_NOT_AN_INT, text)
    if number and where.endswith("/moto/core/parse.py"):
        # moto's request parser reading a member of a number type: the request's fault, at any depth.
        return validation_error_of(service, f"Value '{number.group(1)}' is not a valid number.")
    if not text or re.match(_PYTHON_VALUE_ERRORS, text) or "/moto/" not in where:
        return None
    return validation_error_of(service, text)


def validation_error_of(service: str, message: str) -> AWSError:
    """The service's own error for a value it refuses: the first modeled one of `_VALIDATION_CODES`."""
    from localstack.utils.aws.request_checks.models import service_model

    model = service_model(service)
    modeled = {}
    for shape in model.error_shapes if model is not None else []:
        modeled[shape.name] = shape
    for name in _VALIDATION_CODES:
        shape = modeled.get(name)
        if shape is not None:
            return AWSError(shape.error_code or shape.name, message, _status(shape))
    protocol = constants.PROTOCOLS.get(service)
    if protocol == "ec2":
        return AWSError("InvalidParameterValue", message)
    return AWSError("ValidationError" if protocol == "query" else "ValidationException", message)


def _unconvertible(text: str) -> re.Match[str] | None:
    """The value a ValueError of Python's names: one not in a list, or not a number."""
    return re.match(_NOT_IN_LIST, text) or re.match(_NOT_AN_INT, text) or re.match(_NOT_A_FLOAT, text)


def _is_failed_lookup(exc: BaseException) -> bool:
    if isinstance(exc, (KeyError, IndexError, StopIteration, UnboundLocalError)):
        return True
    if isinstance(exc, FileNotFoundError):
        return "/moto/" in str(exc.filename or "")  # moto's data file for a value (a release label)
    if isinstance(exc, (AttributeError, TypeError)):
        return "'NoneType' object" in str(exc) or "type 'NoneType'" in str(exc)
    if isinstance(exc, ValueError):
        text = str(exc)
        return _unconvertible(text) is not None
    return False


def read_call(service: str, request: Request) -> tuple[str, dict[str, list[str]]] | None:
    """(operation, model member name -> the values the request gives it, as text) of a request."""
    from localstack.utils.aws.request_checks.models import match_rest_operation, service_model

    model = service_model(service)
    if model is None:
        return None
    protocol = model.protocol
    params: dict[str, list[str]] = {}
    nested: set[str] = set()  # form keys sent with members (`Conditions.member.1...`)
    target = request.headers.get(constants.HEADER_TARGET)
    if target:
        operation = target.rpartition(".")[2]
        body = json.loads(request.data or b"{}")
        if not isinstance(body, dict):
            return None
        wire = _wire_values(body)
    elif protocol in ("query", "ec2"):
        form = parse_qsl(request.query_string, keep_blank_values=True)
        form += parse_qsl((request.data or b"").decode("utf-8", "replace"), keep_blank_values=True)
        operation = next((value for key, value in form if key == "Action"), "")
        wire = {}
        for key, value in form:
            if key not in ("Action", "Version"):
                top = key.split(".", 1)[0]
                wire.setdefault(top, []).append(value)
                if top != key:
                    nested.add(top)
    else:
        matched = match_rest_operation(service, request.method, request.path, request.headers)
        if matched is None:
            return None
        operation, labels = matched
        wire = {label: [unquote(value)] for label, value in labels.items()}
        for key, value in parse_qsl(request.query_string, keep_blank_values=True):
            wire.setdefault(key, []).append(value)
        data = (request.data or b"").lstrip()
        if data[:1] == b"{":
            for key, values in _wire_values(json.loads(data)).items():
                wire.setdefault(key, values)
        elif data[:1] == b"<":
            for key, values in _xml_values(data).items():
                wire.setdefault(key, values)
    if operation not in model.operation_names:
        return None
    shape = model.operation_model(operation).input_shape
    payload = shape.serialization.get("payload") if shape is not None else None
    if payload and shape.members[payload].type_name == "structure" and protocol == "rest-json":
        wire[payload] = ["{}"]  # the body is that member: its members were read above
    for name, member in shape.members.items() if shape is not None else ():
        spelled = member.serialization.get("name", name)
        if protocol == "ec2":
            query_name = member.serialization.get("queryName") or spelled
            spelled = query_name[0].upper() + query_name[1:]
        values = wire.get(spelled) or wire.get(name)
        if member.serialization.get("location") == "header" and request.headers.get(spelled) is not None:
            values = [request.headers[spelled]]
        form_collection = protocol in ("query", "ec2") and member.type_name in ("list", "structure", "map")
        if form_collection and spelled not in nested and name not in nested:
            continue  # `Conditions=x`: a list sent as a word is a list not sent
        if values is not None:
            params[name] = values
    return operation, params


def _xml_values(data: bytes) -> dict[str, list[str]]:
    """The root's children of a rest-xml body (already checked for depth): tag -> text."""
    from xml.etree import ElementTree

    out: dict[str, list[str]] = {}
    for child in ElementTree.fromstring(data):
        out.setdefault(child.tag.rpartition("}")[2], []).append((child.text or "").strip())
    return out


def _wire_values(body: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in body.items():
        items = value if isinstance(value, list) else [value]
        out[key] = [item if isinstance(item, str) else str(item) for item in items]
    return out


def _unknown_resource_file(
    service: str, params: dict[str, list[str]], exc: FileNotFoundError
) -> AWSError | None:
    """moto keeps data per known value in files named after it (EMR's instance types per release
    label): no file for the value the request gives is that value refused."""
    filename = str(exc.filename or "").rpartition("/")[2]
    for name, values in params.items():
        for value in values:
            if value and value in filename:
                return validation_error_of(service, f"Value ({value}) for parameter {name} is invalid.")
    return None


def _absent_member(
    service: str, operation: str, params: dict[str, list[str]], exc: BaseException
) -> str | None:
    """The wire name of a member the backend read without a check (KeyError: 'Conditions') and the
    request left out: at the top level, or one level down in a structure or list of structures."""
    if not isinstance(exc, KeyError) or not exc.args or not isinstance(exc.args[0], str):
        return None
    from localstack.utils.aws.request_checks.models import service_model

    key = exc.args[0]
    if any(key in values for values in params.values()):
        return None  # a value looked up, not a member read
    shape = service_model(service).operation_model(operation).input_shape  # type: ignore[union-attr]
    if constants.PROTOCOLS.get(service) == "rest-xml":
        return _member_named(shape, key, 0)  # the body's inner members are not read here
    for name, member in shape.members.items() if shape is not None else ():
        if key.replace("_", "").lower() == name.lower() and not any(params.get(name) or ()):
            return _spelled(service, name, member)
        inner = member.member if member.type_name == "list" else member
        payload = shape.serialization.get("payload") == name
        if inner.type_name == "structure" and (name in params or payload):
            for sub_name in inner.members:
                if key.lower() == sub_name.lower():
                    inner_name = _spelled(service, sub_name, inner.members[sub_name])
                    return f"{_spelled(service, name, member)}.{inner_name}"
    return None


def _member_named(shape: Any, key: str, depth: int) -> str | None:
    """The wire name of a member spelled `key` anywhere in the input, a few levels down."""
    if shape is None or depth > 4:
        return None
    if shape.type_name == "list":
        return _member_named(shape.member, key, depth + 1)
    if shape.type_name != "structure":
        return None
    for name, member in shape.members.items():
        wire = member.serialization.get("name", name)
        if key in (name, wire):
            return wire
        found = _member_named(member, key, depth + 1)
        if found:
            return found
    return None


def _spelled(service: str, name: str, member: Any) -> str:
    if constants.PROTOCOLS.get(service) in ("query", "ec2"):
        return member.serialization.get("name", name)
    wire = member.serialization.get("name", name)
    return wire[0].lower() + wire[1:]


def _named_member(
    service: str, operation: str, params: dict[str, list[str]], exc: BaseException
) -> tuple[str | None, str]:
    """The member whose value the backend failed to find, and that value."""
    wanted = _looked_up_value(exc)
    if wanted is not None:
        named = [name for name, values in params.items() if wanted in values]
        if not named and wanted.startswith("arn:"):
            # moto keys its store by the ARN it builds from the name the request gives
            named = [
                n
                for n, values in params.items()
                if any(v and wanted.endswith(("/" + v, ":" + v)) for v in values)
            ]
        named.sort(key=lambda name: not name.endswith(_ID_SUFFIXES))  # ids first: `n` may be any value
        return (named[0], wanted) if named else (None, "")
    # A lookup that came back empty (None, an empty list, no next()): the identifiers the request gives.
    from localstack.utils.aws.request_checks.models import service_model

    shape = service_model(service).operation_model(operation).input_shape  # type: ignore[union-attr]
    names = list(shape.required_members) + [n for n in shape.members if n not in shape.required_members]
    for name in names:
        if name in params and name.endswith(_ID_SUFFIXES) and params[name]:
            return name, params[name][0]
    return None, ""


def _missing(service: str, wire: str) -> AWSError:
    protocol = constants.PROTOCOLS.get(service)
    if service == "s3":
        # S3 has no ValidationException: a configuration document lacking a member it requires (a Tag
        # without its Value, CORS without a rule) is a document that fails its schema.
        return AWSError(
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema",
        )
    if protocol in ("query", "ec2", "json"):
        return missing_parameter(wire, protocol != "json", ec2=protocol == "ec2")
    from localstack.utils.aws.request_checks.models import service_model

    model = service_model(service)
    for shape in model.error_shapes if model is not None else []:
        if shape.name in ("MissingParameterValueException", "MissingParameterException"):
            # Glacier's own error for a required member left out.
            return AWSError(
                shape.error_code or shape.name, f"Required parameter missing: {wire}", _status(shape)
            )
    return validation_error_of(
        service,
        f"1 validation error detected: Value null at '{wire}' failed to satisfy constraint: "
        "Member must not be null",
    )


def _absent_required(service: str, operation: str, params: dict[str, list[str]]) -> str | None:
    from localstack.utils.aws.request_checks.models import service_model

    shape = service_model(service).operation_model(operation).input_shape  # type: ignore[union-attr]
    for name in shape.required_members if shape is not None else ():
        member = shape.members[name]
        if name not in params and not member.metadata.get("idempotencyToken"):
            return _spelled(service, name, member)
    return None


def _member_type(service: str, operation: str, member: str) -> str:
    from localstack.utils.aws.request_checks.models import service_model

    shape = service_model(service).operation_model(operation).input_shape  # type: ignore[union-attr]
    found = shape.members.get(member) if shape is not None else None
    return found.type_name if found is not None else ""


def _absent_identifier(service: str, operation: str, params: dict[str, list[str]]) -> str | None:
    """A required identifier the request left out, which the backend then looked up as nothing."""
    from localstack.utils.aws.request_checks.models import service_model

    shape = service_model(service).operation_model(operation).input_shape  # type: ignore[union-attr]
    for name in shape.required_members if shape is not None else ():
        if name not in params and name.endswith(_ID_SUFFIXES):
            return _spelled(service, name, shape.members[name])
    identifiers = (
        [
            name
            for name, member in shape.members.items()
            if name.endswith(_ID_SUFFIXES) or _names_resource(operation, name, member)
        ]
        if shape
        else []
    )
    if identifiers and not any(name in params for name in identifiers):
        # Optional in the model but one of them needed (a launch template's id or name).
        return _spelled(service, identifiers[0], shape.members[identifiers[0]])
    return None


def _looked_up_value(exc: BaseException) -> str | None:
    if isinstance(exc, KeyError) and exc.args:
        key = exc.args[0]
        if key is None:
            return None  # an optional id left out: the ids the request gives are the suspects
        if isinstance(key, tuple) and key and all(isinstance(part, str) for part in key):
            return key[0]  # a store keyed by (job, thing): the first of them names the missing one
        return key if isinstance(key, str) else str(key)
    if isinstance(exc, ValueError):
        text = str(exc)
        match = _unconvertible(text)
        if match:
            value = match.group(1)
            return value[1:-1] if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"" else value
    return None


def _modeled_errors(service: str, operation: str) -> list[Any]:
    from localstack.utils.aws.request_checks.models import service_model

    model = service_model(service)
    if model is None or operation not in model.operation_names:
        return []
    return list(model.operation_model(operation).error_shapes)


def _invalid_token(service: str, operation: str, member: str) -> AWSError:
    for shape in _modeled_errors(service, operation):
        code = shape.error_code or shape.name
        if "Token" in code or "Pagination" in code:
            return AWSError(code, f"The {member or 'pagination token'} is not valid.", _status(shape))
    protocol = constants.PROTOCOLS.get(service)
    if protocol == "ec2":
        return AWSError("InvalidPaginationToken", "The pagination token is not valid or is expired.")
    if protocol == "query":
        return AWSError("InvalidParameterValue", f"The {member or 'pagination token'} is not valid.")
    return AWSError("InvalidNextTokenException", "The nextToken is not valid.")


def _modeled_not_found(service: str, operation: str, member: str, value: str) -> AWSError:
    """The operation's modeled NotFound error closest to the member's name; else the service's habit."""
    stem = _stem(member)
    noun = _words(stem)
    candidates = [
        shape
        for shape in _modeled_errors(service, operation)
        if any(word in (shape.error_code or shape.name) or word in shape.name for word in _MISSING_WORDS)
    ]
    if candidates:
        best = max(candidates, key=lambda shape: _closeness(stem, shape))
        code = best.error_code or best.name
        return AWSError(code, f"{noun[0].upper()}{noun[1:]} '{value}' not found.", _status(best))
    protocol = constants.PROTOCOLS.get(service)
    if protocol == "query":
        # Query services without a NotFound error (Auto Scaling) refuse an unknown name as invalid.
        return AWSError("ValidationError", f"{noun[0].upper()}{noun[1:]} not found: {value}")
    if protocol == "ec2":
        return AWSError("InvalidParameterValue", f"The {noun} '{value}' does not exist.")
    return AWSError("ResourceNotFoundException", f"{noun[0].upper()}{noun[1:]} '{value}' not found.", 404)


def _closeness(stem: str, shape: Any) -> int:
    """2 for `<Stem>NotFound`, 1 for an error that names the stem at all, else 0."""
    code, lowered = shape.error_code or shape.name, stem.lower()
    if code in (f"{stem}NotFound", f"{stem}NotFoundException", f"NoSuch{stem}"):
        return 2
    return int(lowered in code.lower() or lowered in shape.name.lower())


def _status(shape: Any) -> int:
    return int(shape.metadata.get("error", {}).get("httpStatusCode", 400))


def _stem(member: str) -> str:
    for suffix in sorted(_ID_SUFFIXES, key=len, reverse=True):
        if member.endswith(suffix) and len(member) > len(suffix):
            return member[: -len(suffix)]
    return member


def _words(stem: str) -> str:
    """`AutoScalingGroup` -> `auto scaling group`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", stem).lower() or "resource"


def _names_resource(operation: str, name: str, member: Any) -> bool:
    """A text member naming what the operation is about (GetGroupConfiguration's `Group`): its name is
    in the operation's (PutInsightSelectors' list `InsightSelectors` is what it sets, not a resource)."""
    return member.type_name == "string" and len(name) > 2 and name[0].isupper() and name in operation


_NUMBER_TYPES = ("integer", "long", "double", "float", "timestamp")


def _out_of_range(service: str, operation: str, params: dict[str, list[str]]) -> AWSError | None:
    """An OverflowError in the backend: a number or date the request gives that no type holds."""
    for name, values in params.items():
        if _member_type(service, operation, name) not in _NUMBER_TYPES:
            continue
        for value in values:
            try:
                number = float(value)
            except ValueError:
                continue
            if abs(number) >= 2**53:
                return validation_error_of(service, f"Value ({value}) for parameter {name} is invalid.")
    return None


def _unreadable_payload(service: str, operation: str, request: Request) -> AWSError | None:
    """A rest-json body that is its structure member (Glacier's jobParameters) yet no JSON object."""
    from localstack.utils.aws.errors import SerializationError
    from localstack.utils.aws.request_checks.models import service_model

    if constants.PROTOCOLS.get(service) != "rest-json":
        return None
    shape = service_model(service).operation_model(operation).input_shape  # type: ignore[union-attr]
    payload = shape.serialization.get("payload") if shape is not None else None
    if not payload or shape.members[payload].type_name != "structure":
        return None
    data = (request.data or b"").strip()
    if not data:
        return None
    try:
        body = json.loads(data)
    except ValueError:
        return SerializationError("The request body is not valid JSON.")
    if isinstance(body, list):
        return SerializationError("Start of list found where not expected")
    if not isinstance(body, dict):
        return SerializationError("Unexpected field type")
    return None


def _member_for_argument(
    service: str, operation: str, params: dict[str, list[str]], argument: str
) -> str | None:
    """The wire name of the input member a backend argument (`source_db_cluster_identifier`) stands
    for, if the request left it out."""
    from localstack.utils.aws.request_checks.models import service_model

    shape = service_model(service).operation_model(operation).input_shape  # type: ignore[union-attr]
    wanted = argument.replace("_", "").lower()
    for name, member in shape.members.items() if shape is not None else ():
        if name.lower() == wanted and name not in params:
            return _spelled(service, name, member)
    return None


def _failed_in(exc: BaseException, word: str) -> bool:
    """Whether the innermost frame's function names `word` (moto's `split_arn`, `parse_arn`)."""
    frame = exc.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    return frame is not None and word in frame.tb_frame.f_code.co_name.lower()


def _malformed_arn(service: str, request: Request) -> AWSError | None:
    """An ARN member whose value moto could not split: the request's invalid parameter value."""
    call = read_call(service, request)
    if call is None:
        return None
    for name, values in call[1].items():
        if name.lower().endswith("arn"):
            for value in values:
                if value.count(":") < 5:
                    return validation_error_of(service, f"Value ({value}) for parameter {name} is invalid.")
    return None
