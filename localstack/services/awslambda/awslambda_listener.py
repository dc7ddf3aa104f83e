"""Hooks around the lambda backend: Invoke runs the function here (moto's needs Docker); CreateFunction
and UpdateFunctionCode refuse bad zips, and configurations AWS refuses (validation.py); changes drop
cached specs and retire outdated workers."""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any
from urllib.parse import parse_qs, parse_qsl, unquote

from werkzeug.wrappers import Response

from localstack.services.awslambda import any_role, functions, request_rules, revisions, validation
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils import fast_ids
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.internal_client import HEADER_INTERNAL

_INVOKE_RE = re.compile(r"^/(?:\d{4}-\d{2}-\d{2})/functions/([^/]+)/(invocations|invoke-async)/?$")
_CODE_OR_CONFIG_RE = re.compile(r"^/\d{4}-\d{2}-\d{2}/functions/([^/]+)(?:/(code|configuration))?/?$")
_API_PATH_RE = re.compile(r"^/\d{4}-\d{2}-\d{2}/")
_FUNCTION_PATH_RE = re.compile(r"^/\d{4}-\d{2}-\d{2}/functions/([^/]+)(/.*)?$")
MAX_SYNC_PAYLOAD = 6 * 1024 * 1024
# A synchronous answer may be 100 bytes more than a request (recorded: test_lambda_too_large_response).
MAX_SYNC_RESPONSE = MAX_SYNC_PAYLOAD + 100
MAX_ASYNC_PAYLOAD = 256 * 1024


def _identity(path: str, headers: Any) -> tuple[str, str]:
    return request_context.account_and_region(headers, path.partition("?")[2])


class AwslambdaListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        # Applied on first use, not at start-up: it imports moto, which the start-up must not wait for.
        any_role.apply()
        path_only = path.split("?", 1)[0]
        if not headers.get(HEADER_INTERNAL):
            request_rules.check(method, path, data, *_identity(path, headers))
        function_match = _FUNCTION_PATH_RE.match(path_only)
        if function_match and not headers.get(HEADER_INTERNAL):
            # Our own services' deliveries name functions by ARN from any region they were given.
            query = dict(parse_qsl(path.partition("?")[2]))
            validation.check_function_name(
                unquote(function_match.group(1)), query.get("Qualifier"), _identity(path, headers)[1]
            )
        if function_match and method in ("POST", "PUT", "DELETE"):
            revisions.check(method, path, data, *_identity(path, headers))
        if function_match and method == "POST" and function_match.group(2) == "/versions":
            self._check_publish(unquote(function_match.group(1)), path, data, headers)
        if method == "POST":
            match = _INVOKE_RE.match(path_only)
            if match:
                return self._invoke(unquote(match.group(1)), match.group(2), path, data, headers)
            if path_only.rstrip("/").endswith("/functions"):
                body = _json_object(data)
                validation.check_code_source(body)
                validation.check_configuration(body)
                _check_code(data, "Code")
        elif method == "DELETE" and (match := _CODE_OR_CONFIG_RE.match(path.split("?", 1)[0])):
            if match.group(2) is None:
                query = dict(parse_qsl(path.partition("?")[2]))
                name = unquote(match.group(1))
                validation.check_delete_qualifier(validation.qualifier_of(name, query.get("Qualifier")))
        elif method == "PUT":
            path_only = path.split("?", 1)[0].rstrip("/")
            if path_only.endswith("/code"):
                _check_code(data, None)
            elif path_only.endswith("/configuration"):
                validation.check_configuration(_json_object(data))
        return True

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        path_only = path.split("?", 1)[0]
        if response.status_code >= 300 or not _API_PATH_RE.match(path_only) or _INVOKE_RE.match(path_only):
            return None
        account, region = _identity(path, headers)
        answered = revisions.answer(method, path, response, account, region)
        if method in ("GET", "HEAD"):
            return answered
        functions.forget(account, region)
        match = _CODE_OR_CONFIG_RE.match(path_only)
        if match and (method == "DELETE" or match.group(2)):
            from localstack.services.awslambda import pool

            if pool._pools is not None:
                target_account, target_region, name = functions.split_target(
                    unquote(match.group(1)), account, region
                )
                name = name.split(":", 1)[0]
                pool._pools.retire(f"arn:aws:lambda:{target_region}:{target_account}:function:{name}")
        return answered

    def _check_publish(self, name: str, path: str, data: bytes, headers: Any) -> None:
        body = _json_object(data)
        if not body.get("CodeSha256"):
            return
        account, region = _identity(path, headers)
        validation.check_code_sha(functions.resolve(name, None, account, region).record, body)

    def _invoke(self, name: str, kind: str, path: str, data: bytes, headers: Any) -> Response:
        from localstack.services.awslambda import invoke, logs

        account, region = _identity(path, headers)
        query = parse_qs(path.partition("?")[2])
        qualifier = (query.get("Qualifier") or [None])[0]
        invocation_type = (
            "Event" if kind == "invoke-async" else headers.get("X-Amz-Invocation-Type") or "RequestResponse"
        )
        if invocation_type not in ("RequestResponse", "Event", "DryRun"):
            raise AWSError(
                "InvalidParameterValueException",
                f"1 validation error detected: Value '{invocation_type}' at 'invocationType' "
                "failed to satisfy "
                "constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
            )
        spec = _resolve_invoked(name, qualifier, account, region)
        if invocation_type == "DryRun":
            return Response(b"", status=204, headers={"X-Amz-Executed-Version": spec.version})
        _check_payload(data, MAX_ASYNC_PAYLOAD if invocation_type == "Event" else MAX_SYNC_PAYLOAD)
        explicit = qualifier or (name.rsplit(":", 1)[1] if ":" in name.split(":function:")[-1] else None)
        invoked_arn = f"{spec.arn}:{explicit}" if explicit else spec.arn
        if invocation_type == "Event":
            request_id = fast_ids.request_id()
            invoke.run_async(spec, data, invoked_arn, request_id)
            body = b'{"Status": 202}' if kind == "invoke-async" else b""
            return Response(
                body, status=202, headers={"x-amzn-RequestId": request_id}, mimetype="application/json"
            )
        invocation = invoke.run(spec, data, invoked_arn, client_context=_client_context(headers))
        out = {"X-Amz-Executed-Version": spec.version, "x-amzn-RequestId": invocation.request_id}
        result = invocation.result
        if invocation.error_type is None and len(result) > MAX_SYNC_RESPONSE:
            message = (
                f"Response payload size exceeded maximum allowed payload size ({MAX_SYNC_RESPONSE} bytes)."
            )
            result = json.dumps(
                {"errorMessage": message, "errorType": "Function.ResponseSizeTooLarge"}
            ).encode()
            invocation.error_type = "Function.ResponseSizeTooLarge"
        if invocation.error_type is not None:
            out["X-Amz-Function-Error"] = "Unhandled"
        if (headers.get("X-Amz-Log-Type") or "").lower() == "tail":
            out["X-Amz-Log-Result"] = logs.tail(invocation.log_lines)
        return Response(result, status=200, headers=out, mimetype="application/json")


def _resolve_invoked(name: str, qualifier: str | None, account: str, region: str) -> Any:
    """The function an Invoke names; AWS names a missing unqualified function by its `$LATEST` ARN
    (recorded: test_invoke_exceptions, `Function not found: ...:function:doesnotexist:$LATEST`)."""
    try:
        return functions.resolve(name, qualifier, account, region)
    except AWSError as error:
        bare = name.rsplit(":function:", 1)[-1]
        if error.code != "ResourceNotFoundException" or qualifier or ":" in bare:
            raise
        if not error.message.endswith(f":function:{bare}"):
            raise
        raise AWSError(error.code, f"{error.message}:$LATEST", error.status) from None


def _client_context(headers: Any) -> str | None:
    raw = headers.get("X-Amz-Client-Context")
    if not raw:
        return None
    try:
        return base64.b64decode(raw).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise AWSError(
            "InvalidRequestContentException", "Client context must be a valid Base64-encoded JSON object."
        ) from None


def _json_object(data: bytes) -> dict[str, Any]:
    try:
        body = json.loads(data or b"{}")
    except ValueError:
        return {}  # moto answers malformed JSON itself
    return body if isinstance(body, dict) else {}


def _check_payload(data: bytes, limit: int) -> None:
    if len(data) > limit:
        raise AWSError(
            "RequestTooLargeException",
            f"Request must be smaller than {limit} bytes for the InvokeFunction operation",
            413,
        )
    if data:
        try:
            json.loads(data)
        except ValueError as error:
            # AWS's own detail comes from its JSON parser; the two prefixes are recorded
            # (test_lambda_invoke_payload_encoding_error).
            raise AWSError(
                "InvalidRequestContentException",
                f"Could not parse request body into json: Could not parse payload into json: {error}",
            ) from None


def _check_code(data: bytes, field: str | None) -> None:
    """A ZipFile that is not a zip is refused before moto stores it, as AWS does."""
    try:
        body = json.loads(data or b"{}")
    except ValueError:
        return  # moto answers malformed JSON itself
    code = body.get(field) if field else body
    if not isinstance(code, dict) or not code.get("ZipFile"):
        return
    try:
        raw = base64.b64decode(code["ZipFile"], validate=False)
    except (binascii.Error, ValueError):
        raise AWSError("InvalidParameterValueException", functions.ZIP_ERROR) from None
    functions.check_zip(raw)
