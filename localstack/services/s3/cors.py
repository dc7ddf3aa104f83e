"""CORS from a bucket's own rules, as S3 applies them: the first rule matching the origin, method and
requested headers answers a preflight (403 when none does, or when the bucket has no rules) and adds its
headers to real requests (none without a matching rule)."""

from __future__ import annotations

import fnmatch
from typing import Any
from urllib.parse import unquote

from werkzeug.wrappers import Response

from localstack.services.s3 import models, s3_errors
from localstack.services.s3.s3_errors import S3Error
from localstack.services.s3.virtual_host import bucket_of_host
from localstack.utils.http import Request

_NOT_ALLOWED = (
    "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, "
    "request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted "
    "by the resource's CORS spec."
)
_CORS_HEADERS = (
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Expose-Headers",
    "Access-Control-Max-Age",
    "Access-Control-Allow-Credentials",
)


def _matches(patterns: list[str] | None, value: str, ignore_case: bool = False) -> bool:
    for pattern in patterns or []:
        left, right = (pattern.lower(), value.lower()) if ignore_case else (pattern, value)
        if left == "*" or fnmatch.fnmatchcase(right, left.replace("[", "[[]")):
            return True
    return False


def _rule_for(bucket: Any, origin: str, method: str, requested: list[str]) -> Any:
    for rule in getattr(bucket, "cors", None) or []:
        if not _matches(rule.allowed_origins, origin) or method not in (rule.allowed_methods or []):
            continue
        if all(_matches(rule.allowed_headers, header, ignore_case=True) for header in requested):
            return rule
    return None


def _headers(rule: Any, origin: str, requested: list[str], preflight: bool) -> dict[str, str]:
    wildcard = "*" in (rule.allowed_origins or [])
    headers = {
        "Access-Control-Allow-Origin": "*" if wildcard else origin,
        "Access-Control-Allow-Methods": ", ".join(rule.allowed_methods or []),
        "Vary": "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
    }
    if not wildcard:
        headers["Access-Control-Allow-Credentials"] = "true"
    if preflight and requested:
        headers["Access-Control-Allow-Headers"] = ", ".join(requested)
    if rule.exposed_headers:
        headers["Access-Control-Expose-Headers"] = ", ".join(rule.exposed_headers)
    if rule.max_age_seconds:
        headers["Access-Control-Max-Age"] = str(rule.max_age_seconds)
    return headers


def _requested_headers(value: str | None) -> list[str]:
    return [name.strip().lower() for name in (value or "").split(",") if name.strip()]


def preflight(bucket_name: str, headers: Any, resource: str = "OBJECT") -> Response | None:
    """Our answer to an OPTIONS preflight on a bucket (`resource`: BUCKET or OBJECT, as the path names)."""
    if not bucket_name:
        return None  # the service endpoint itself: the gateway answers
    bucket = models.find_bucket(bucket_name)
    origin = headers.get("Origin") or ""
    # S3 takes a preflight without the method as asking about OPTIONS, which no rule allows.
    method = headers.get("Access-Control-Request-Method") or "OPTIONS"
    if bucket is None:
        raise S3Error(
            "AccessForbidden", "CORSResponse: Bucket not found", 403, Method=method, ResourceType="BUCKET"
        )
    if not getattr(bucket, "cors", None):
        # S3 lets no browser in without the bucket's rules (the gateway's permissive default is not S3's).
        raise S3Error(
            "AccessForbidden",
            "CORSResponse: CORS is not enabled for this bucket.",
            403,
            Method=method,
            ResourceType="BUCKET",
        )
    if method not in _PREFLIGHT_METHODS:
        raise S3Error("BadRequest", f"Invalid Access-Control-Request-Method: {method}", 400)
    requested = _requested_headers(headers.get("Access-Control-Request-Headers"))
    rule = _rule_for(bucket, origin, method, requested)
    if rule is None:
        raise S3Error("AccessForbidden", _NOT_ALLOWED, 403, Method=method, ResourceType=resource)
    response = Response(b"", status=200, headers=_headers(rule, origin, requested, True))
    response.cors_decided = True  # type: ignore[attr-defined]
    return response


def incomplete_preflight(bucket_name: str, headers: Any, resource: str = "OBJECT") -> Response | None:
    """An OPTIONS the gateway did not take for a preflight: without an Origin S3 refuses it whatever the
    bucket; without Access-Control-Request-Method a bucket's rules decide it."""
    if not headers.get("Origin"):
        raise S3Error("BadRequest", "Insufficient information. Origin request header needed.", 400)
    return preflight(bucket_name, headers, resource)


# The methods S3's preflight accepts, case and all; any other is a 400.
_PREFLIGHT_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})


def apply(bucket_name: str, method: str, headers: Any, response: Response) -> None:
    """A real cross-origin request to a bucket with CORS rules gets the first matching rule's headers,
    or none."""
    origin = headers.get("Origin")
    if not origin:
        return
    bucket = models.find_bucket(bucket_name)
    if bucket is None:
        return
    for name in _CORS_HEADERS:
        response.headers.pop(name, None)
    response.cors_decided = True  # type: ignore[attr-defined]
    rule = _rule_for(bucket, origin, method, []) if getattr(bucket, "cors", None) else None
    if rule is not None:
        response.headers.update(_headers(rule, origin, [], False))


def preflight_for(request: Request) -> Response | None:
    """The gateway's entry: a preflight to a bucket (path or virtual-host style), answered or None."""
    bucket = bucket_of_host(request.host)
    if bucket is None:
        bucket, _, key = request.path_only.lstrip("/").partition("/")
    else:
        key = request.path_only.lstrip("/")
    if not bucket:
        return None
    try:
        return preflight(unquote(bucket), request.headers, "OBJECT" if key else "BUCKET")
    except S3Error as error:
        response = s3_errors.to_response(error, "OPTIONS")
        response.cors_decided = True  # type: ignore[attr-defined]
        return response


def with_empty_values(set_cors: Any) -> Any:
    """moto's FakeBucket.set_cors, taking an empty element (`<AllowedOrigin/>`, which S3 stores as "") where
    moto's parser gives None and moto's check failed with a 500."""

    def set_cors_with_empty(bucket: Any, rules: list[dict[str, Any]]) -> None:
        for rule in rules if isinstance(rules, list) else []:
            if not isinstance(rule, dict):
                continue
            for field in ("AllowedOrigin", "AllowedMethod", "AllowedHeader", "ExposeHeader"):
                value = rule.get(field, "")
                if value is None:
                    rule[field] = ""
                elif isinstance(value, list):
                    rule[field] = ["" if item is None else item for item in value]
        set_cors(bucket, rules)

    return set_cors_with_empty
