"""Hooks around the s3 backend: path-style addressing for moto, S3-shaped errors where moto sends none,
notification configurations checked as AWS does, and object events dispatched after success."""

from __future__ import annotations

import base64
import dataclasses
import logging
import random
import xml.etree.ElementTree as ElementTree
from typing import Any
from urllib.parse import parse_qs, unquote

from werkzeug.wrappers import Response

from localstack import constants
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.s3 import (
    cors,
    inbound,
    notifications,
    outbound,
    s3_errors,
    versioning,
    website,
)
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error
from localstack.services.s3.virtual_host import to_path_style
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request

LOG = logging.getLogger(__name__)

# post_form.FORM_HEADER, named here so that a request that is no form leaves the form parser unimported
# (a unit test holds the two equal).
FORM_HEADER = "x-localstack-s3-form"

# moto answers some refusals with a bare status; S3 clients expect an <Error> document.
_EMPTY_ERROR_CODES = {
    403: ("AccessDenied", "Access Denied"),
    404: ("NoSuchKey", "The specified key does not exist."),
}


def _split(path: str) -> tuple[str, str, str]:
    """(bucket, key, query) of a path-style request path."""
    raw_path, _, query = path.partition("?")
    bucket, _, key = raw_path.lstrip("/").partition("/")
    # `unquote` of a name without a % is the name: asked here, as `S3Call.of` does, to skip its calls.
    return (unquote(bucket) if "%" in bucket else bucket), (unquote(key) if "%" in key else key), query


def _has_param(query: str, name: str) -> bool:
    return any(part.partition("=")[0] == name for part in query.split("&"))


class S3Listener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        notifications.begin_request()
        served = website.serve(method, path, headers)
        if served is not None:
            return served
        request = to_path_style(Request(method, path, data, headers)) or Request(
            method, path, data, headers.copy()
        )
        try:
            if method == "OPTIONS":
                # S3 answers an OPTIONS before reading its credentials.
                bucket_name, key_name, _ = _split(request.path)
                resource = "OBJECT" if key_name else "BUCKET"
                answered = cors.incomplete_preflight(bucket_name, headers, resource)
                if answered is not None:
                    return answered
            inbound.check_signature(method, path, headers)
            prepared = inbound.prepare(request)
        except S3Error as error:
            refused = s3_errors.to_response(error, method)
            if method == "OPTIONS":
                refused.cors_decided = True  # type: ignore[attr-defined]  # S3's own answer, no gateway CORS
            return refused
        if isinstance(prepared, Response):
            return prepared
        request = prepared
        if method == "PUT" and "notification" in path:
            bucket, key, query = _split(request.path)
            if bucket and not key and _has_param(query, "notification"):
                from localstack.services.s3 import notification_config

                skip = (headers.get(notification_config.SKIP_VALIDATION_HEADER) or "").lower() == "true"
                owner = headers.get(constants.HEADER_ACCOUNT) or constants.DEFAULT_ACCOUNT_ID
                try:
                    body = notification_config.validate(request.data or b"", skip, bucket, owner)
                except S3Error as error:
                    return s3_errors.to_response(error, method)
                if body is not None:
                    request.data = body
                    request.headers["Content-Length"] = str(len(body))
                    # The body changed: checksums of the original would no longer match.
                    for name in [
                        n for n in request.headers.keys() if n.lower().startswith("x-amz-checksum-")
                    ]:
                        request.headers.pop(name, None)
                    request.headers.pop("Content-MD5", None)
        return request

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        replaced = self._complete(method, path, data, headers, response)
        final = replaced or response
        cors.apply(_split(path)[0], method, headers, final)
        _request_id_headers(final)
        return replaced

    def _complete(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        if response.status_code < 300:
            call = S3Call.of(method, path, headers)
            outbound.finish(call, response)
            try:
                self._fire_events(method, path, data, headers, response)
            except Exception:
                # Deliveries are asynchronous on AWS: their failure never fails the S3 call.
                LOG.exception("Could not dispatch S3 notifications for %s %s", method, path)
            if headers.get(FORM_HEADER):
                from localstack.services.s3 import post_form

                return post_form.answer(headers, response, call.bucket, call.key)
            return None
        notifications.take_captured()
        if response.status_code == 404 and method != "HEAD":
            call = S3Call.of(method, path, headers)
            versioning.name_missing_version(call.key, call.query.get("versionId"), response)
        known = _EMPTY_ERROR_CODES.get(response.status_code)
        if known is None or (method != "HEAD" and response.get_data()):
            return None
        # A HEAD answer has no body, but its type must say it is S3's error, not a page moto lacks.
        replaced = s3_errors.to_response(AWSError(known[0], known[1], response.status_code), method)
        for name, value in response.headers.items():
            if name.lower() not in ("content-type", "content-length"):
                replaced.headers.setdefault(name, value)
        return replaced

    def _fire_events(self, method: str, path: str, data: bytes, headers: Any, response: Response) -> None:
        captured = notifications.take_captured()
        bucket_name, key, query = _split(path)
        is_notification_put = method == "PUT" and not key and _has_param(query, "notification")
        deleting = (
            method == "DELETE"
            and key
            and not _has_param(query, "uploadId")
            and not _has_param(query, "tagging")
        ) or (method == "POST" and not key and _has_param(query, "delete"))
        if not captured and not is_notification_put and not deleting:
            return
        account_id = headers.get(constants.HEADER_ACCOUNT) or constants.DEFAULT_ACCOUNT_ID
        bucket = captured[0][0] if captured else _moto_bucket(account_id, bucket_name)
        if bucket is None:
            return
        info = notifications.new_request_info(
            account_id,
            bucket.region_name,
            request_context.access_key_of(headers, query),
            (headers.get("X-Forwarded-For") or "127.0.0.1").split(",")[0].strip(),
        )
        info.trace_header = headers.get("X-Amzn-Trace-Id")
        if is_notification_put:
            notifications.dispatch_test_events(bucket, info)
            return
        events = [event for _, event in captured if notifications.wanted_for_request(event, query)]
        if headers.get(FORM_HEADER):
            # Stored through PutObject, the upload came as a browser form: AWS names it a Post.
            events = [
                dataclasses.replace(e, name="ObjectCreated:Post") if e.name == "ObjectCreated:Put" else e
                for e in events
            ]
        if deleting and bucket.notification_configuration is not None:
            events += _deletes(method, key, query, response)
        notifications.dispatch(bucket, events, info)


def _request_id_headers(response: Response) -> None:
    """S3 names a request by x-amz-request-id and x-amz-id-2 (SDKs read them as RequestId and HostId),
    never by the x-amzn-RequestId other services answer with; it answers as `Server: AmazonS3`."""
    response_headers = response.headers
    pairs = response_headers.to_wsgi_list()
    # The names lowered in one pass of C calls (a loop lowering each name cost ~35 calls per answer).
    lowered = "\n".join([name for name, _ in pairs]).lower().split("\n")
    request_id = None
    if len(lowered) != len(pairs):  # a name with a line break, or none at all
        lowered = [name.lower() for name, _ in pairs]
    while _AMZN_REQUEST_ID in lowered:
        index = lowered.index(_AMZN_REQUEST_ID)
        request_id = pairs[index][1]
        del lowered[index], pairs[index], response_headers[index]
    has_request_id = "x-amz-request-id" in lowered
    has_host_id = "x-amz-id-2" in lowered
    if "content-type" in lowered:
        index = lowered.index("content-type")
        if pairs[index][1] in _CHARSET_TYPES:
            # S3 names its XML answers' type without a charset (they declare UTF-8 in the prolog).
            response_headers["Content-Type"] = _CHARSET_TYPES[pairs[index][1]]
    if "server" not in lowered:
        response_headers.add("Server", "AmazonS3")
    elif pairs[lowered.index("server")][1] != "AmazonS3":
        response_headers["Server"] = "AmazonS3"  # moto names itself amazon.com
    if not has_request_id:
        response_headers.add("x-amz-request-id", request_id or f"{_ids.getrandbits(64):016X}")
    if not has_host_id:
        response_headers.add("x-amz-id-2", base64.b64encode(_ids.randbytes(56)).decode("ascii"))


_AMZN_REQUEST_ID = constants.HEADER_REQUEST_ID.lower()
_CHARSET_TYPES = {
    "application/xml; charset=utf-8": "application/xml",
}
# Answer ids need no kernel randomness: os.urandom lets go of the GIL, so with a notification's delivery
# thread (or other clients' threads) runnable each call handed it over and the answer waited for it back.
_ids = random.Random()


def _moto_bucket(account_id: str, name: str) -> Any:
    from moto.s3.models import s3_backends

    return s3_backends[account_id]["aws"].buckets.get(name)


def _deletes(method: str, key: str, query: str, response: Response) -> list[notifications.ObjectEvent]:
    """The objects a DeleteObject(s) removed or hid, read off the answer: AWS sends an event for each
    key deleted, existing or not, and moto raised none for versions and delete markers."""
    if method == "DELETE":
        requested = parse_qs(query).get("versionId", [None])[0]
        version = response.headers.get("x-amz-version-id") or requested
        version = None if version == "null" else version
        if requested is None and response.headers.get("x-amz-delete-marker") == "true":
            return [notifications.ObjectEvent("ObjectRemoved:DeleteMarkerCreated", key, version_id=version)]
        return [notifications.ObjectEvent("ObjectRemoved:Delete", key, version_id=version)]
    events = []
    try:
        root = ElementTree.fromstring(response.get_data())
    except ElementTree.ParseError:
        return []
    for deleted in root:
        if deleted.tag.rpartition("}")[2] != "Deleted":
            continue
        fields = {child.tag.rpartition("}")[2]: (child.text or "") for child in deleted}
        version = fields.get("VersionId")
        name = "ObjectRemoved:Delete"
        if not version and fields.get("DeleteMarkerVersionId"):
            name, version = "ObjectRemoved:DeleteMarkerCreated", fields["DeleteMarkerVersionId"]
        version = None if version in ("", "null") else version
        events.append(notifications.ObjectEvent(name, fields["Key"], version_id=version))
    return events
