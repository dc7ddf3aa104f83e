"""The static website endpoint, `<bucket>.s3-website[.-]<region>.<domain>`: anonymous GET and HEAD of a
bucket's objects under its website configuration (index and error documents, routing rules,
RedirectAllRequestsTo, per-object redirects), answering errors as the HTML pages S3's website
endpoint serves."""

from __future__ import annotations

import base64
import os
import re
import uuid
import xml.etree.ElementTree as ElementTree
from typing import Any
from urllib.parse import unquote

from werkzeug.wrappers import Response

from localstack.config import get_config
from localstack.services.s3 import access, identity, models
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error

_WEBSITE_HOST = re.compile(r"^(?P<bucket>[a-z0-9][a-z0-9.\-]*?)\.s3-website[.-]")
_TITLES = {403: "403 Forbidden", 404: "404 Not Found", 405: "405 Method Not Allowed"}


def bucket_of_host(host: str) -> str | None:
    match = _WEBSITE_HOST.match((host or "").lower())
    return match.group("bucket") if match else None


def _name(element: ElementTree.Element) -> str:
    return element.tag.rpartition("}")[2]


def _child(element: ElementTree.Element | None, name: str) -> ElementTree.Element | None:
    if element is None:
        return None
    return next((child for child in element if _name(child) == name), None)


def _text(element: ElementTree.Element | None, name: str) -> str | None:
    found = _child(element, name)
    return None if found is None else (found.text or "").strip()


def _error_page(status: int, code: str, message: str, method: str, **fields: str) -> Response:
    items = [f"<li>Code: {code}</li>", f"<li>Message: {message}</li>"]
    items += [f"<li>{name}: {value}</li>" for name, value in fields.items()]
    # The page names the request as the answer's headers do.
    request_id = uuid.uuid4().hex[:16].upper()
    host_id = base64.b64encode(os.urandom(56)).decode("ascii")
    items += [f"<li>RequestId: {request_id}</li>", f"<li>HostId: {host_id}</li>"]
    title = _TITLES.get(status, str(status))
    page = (
        f"<html>\n<head><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n<ul>\n"
        + "\n".join(items)
        + "\n</ul>\n<hr/>\n</body>\n</html>\n"
    )
    body = b"" if method == "HEAD" else page.encode("utf-8")
    answer = Response(body, status, content_type="text/html; charset=utf-8")
    # The page's facts travel in headers too (a HEAD has no page).
    answer.headers["x-amz-request-id"] = request_id
    answer.headers["x-amz-id-2"] = host_id
    answer.headers["x-amz-error-code"] = code
    answer.headers["x-amz-error-message"] = message
    for name, value in fields.items():
        answer.headers[f"x-amz-error-detail-{name}"] = value
    return _passed_through(answer)


def _passed_through(response: Response) -> Response:
    """The website endpoint's HTML errors are its own: the edge must not reshape them as API errors."""
    response.direct_passthrough = True
    return response


def _redirect(location: str, status: int = 301) -> Response:
    return Response(b"", status, headers={"Location": location})


def serve(method: str, path: str, headers: Any) -> Response | None:
    """The website endpoint's answer, or None when the request is not for it."""
    bucket_name = bucket_of_host(headers.get("Host", ""))
    if bucket_name is None:
        return None
    if method not in ("GET", "HEAD"):
        return _error_page(
            405,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
            method,
            Method=method,
            ResourceType="OBJECT" if path.partition("?")[0].strip("/") else "BUCKET",
        )
    bucket = models.find_bucket(bucket_name)
    if bucket is None:
        return _error_page(
            404, "NoSuchBucket", "The specified bucket does not exist", method, BucketName=bucket_name
        )
    document = getattr(bucket, "website_configuration", None)
    try:
        config = ElementTree.fromstring(document) if document else None
    except ElementTree.ParseError:
        config = None
    if config is None:
        return _error_page(
            404,
            "NoSuchWebsiteConfiguration",
            "The specified bucket does not have a website configuration",
            method,
            BucketName=bucket_name,
        )
    raw_path = path.partition("?")[0]
    redirect_all = _child(config, "RedirectAllRequestsTo")
    if redirect_all is not None:
        protocol = _text(redirect_all, "Protocol") or "http"
        return _redirect(f"{protocol}://{_text(redirect_all, 'HostName')}{raw_path}")
    suffix = _text(_child(config, "IndexDocument"), "Suffix") or "index.html"
    key = unquote(raw_path.lstrip("/"))
    if not key or key.endswith("/"):
        key += suffix
    rules = [rule for rule in (_child(config, "RoutingRules") or []) if _name(rule) == "RoutingRule"]
    routed = _route(rules, key, None, headers)
    if routed is not None:
        return routed
    found = models.find_key(bucket, key)
    if (
        found is None
        and not raw_path.endswith("/")
        and models.find_key(bucket, f"{key}/{suffix}") is not None
    ):
        return _redirect(f"{raw_path}/", 302)
    status, code, message = 200, "", ""
    # A caller who may not read the key is refused whether it exists or not, as S3 answers.
    if not _public(bucket_name, key, headers, bucket):
        status, code, message = 403, "AccessDenied", "Access Denied"
    elif found is None:
        status, code, message = 404, "NoSuchKey", "The specified key does not exist."
    if status == 200:
        return _object(found, method)
    routed = _route(rules, key, status, headers)
    if routed is not None:
        return routed
    error_key = _text(_child(config, "ErrorDocument"), "Key")
    error_object = models.find_key(bucket, error_key) if error_key else None
    if error_object is not None and _public(bucket_name, error_key, headers, bucket):
        answer = _object(error_object, method)
        answer.status_code = status
        return _passed_through(answer)
    return _error_page(status, code, message, method, Key=key)


def _public(bucket_name: str, key: str, headers: Any, bucket: Any) -> bool:
    """The website endpoint serves only what an anonymous caller may read."""
    if get_config().s3_skip_access_checks:
        return True
    try:
        access.check(S3Call("GET", bucket_name, key, {}, headers), identity.ANONYMOUS, bucket, "127.0.0.1")
    except S3Error:
        return False
    return True


def _object(found: Any, method: str) -> Response:
    redirect = getattr(found, "website_redirect_location", None)
    if redirect:
        return _redirect(redirect)
    body = b"" if method == "HEAD" else found.value
    answer = Response(body, 200, content_type=found.metadata.get("Content-Type") or "binary/octet-stream")
    answer.headers["ETag"] = found.etag
    answer.headers["Last-Modified"] = found.last_modified_RFC1123
    answer.headers["Content-Length"] = str(found.size)
    return answer


def _route(rules: list[ElementTree.Element], key: str, status: int | None, headers: Any) -> Response | None:
    """The first routing rule whose condition holds: before the lookup (conditions on the key only),
    or after an error (conditions naming that error's code)."""
    for rule in rules:
        condition = _child(rule, "Condition")
        prefix = _text(condition, "KeyPrefixEquals")
        error_code = _text(condition, "HttpErrorCodeReturnedEquals")
        if prefix is not None and not key.startswith(prefix):
            continue
        if (error_code is None) != (status is None) or (error_code and error_code != str(status)):
            continue
        redirect = _child(rule, "Redirect")
        new_key = _text(redirect, "ReplaceKeyWith")
        if new_key is None:
            replacement = _text(redirect, "ReplaceKeyPrefixWith")
            new_key = replacement + key[len(prefix or "") :] if replacement is not None else key
        host = _text(redirect, "HostName") or headers.get("Host", "")
        protocol = _text(redirect, "Protocol") or "http"
        code = int(_text(redirect, "HttpRedirectCode") or 301)
        return _redirect(f"{protocol}://{host}/{new_key}", code)
    return None
