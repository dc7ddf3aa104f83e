"""DeleteObjects as S3 answers it where moto does not: an object named with an ETag is deleted only if its
ETag matches (else PreconditionFailed, and kept); a version the key does not have is NoSuchVersion (moto
deleted the object of an unversioned bucket whatever version was named); in Quiet mode only errors are
listed; a delete marker deleted by version is reported as one; a version Object Lock protects is refused by
itself, naming its own version, while the others named with it are deleted."""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ElementTree
from typing import Any
from xml.sax.saxutils import escape
from xml.sax.saxutils import unescape as xml_unescape

from werkzeug.wrappers import Response

from localstack.services.s3 import models, object_lock
from localstack.services.s3.conditions import PRECONDITION_MESSAGE
from localstack.services.s3.operation import S3Call

_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"
# The refusals of the DeleteObjects this thread is serving, added to its answer.
_refused = threading.local()
_QUIET = re.compile(rb"<(?:\w+:)?Quiet>\s*true\s*</(?:\w+:)?Quiet>", re.IGNORECASE)
_DELETED = re.compile(rb"<Deleted>.*?</Deleted>", re.DOTALL)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def prepare(call: S3Call, bucket: Any, data: bytes) -> bytes | None:
    """The request body without the objects whose ETag does not hold, or None to leave it as it is."""
    _refused.errors = []
    # Quiet mode: S3 answers only the errors (moto listed every deletion).
    _refused.quiet = bool(data) and _QUIET.search(data) is not None
    _refused.markers, _refused.versions = (
        _named_versions(bucket, data) if data and b"VersionId" in data else ([], {})
    )
    if bucket is None or not data or (b"ETag" not in data and b"VersionId" not in data):
        return None
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None  # MalformedXML is moto's answer
    errors = []
    locked_bucket = bool(getattr(bucket, "object_lock_enabled", False))
    bypass = (call.header("x-amz-bypass-governance-retention") or "").lower() == "true"
    for item in list(root):
        if _local(item.tag) != "Object":
            continue
        fields = {_local(child.tag): (child.text or "") for child in item}
        key_name, version = fields.get("Key", ""), fields.get("VersionId")
        if version and version != "null" and not _has_version(bucket, key_name, version):
            # moto deleted the object of an unversioned bucket whatever version was named (data loss).
            errors.append((key_name, version, "NoSuchVersion", "The specified version does not exist."))
            root.remove(item)
            continue
        refusal = _lock_refusal(bucket, key_name, version, bypass) if version and locked_bucket else None
        if refusal is not None:
            # moto named only the key of its refusal, so it was reported under another version of the key
            # named in the same request, and Quiet mode lost it.
            errors.append((key_name, version, "AccessDenied", refusal))
            root.remove(item)
            continue
        if "ETag" not in fields:
            continue
        key = models.find_key(bucket, key_name, version)
        if key is None:
            errors.append((key_name, version, "NoSuchKey", "The specified key does not exist."))
        elif fields["ETag"].strip() != "*" and fields["ETag"].strip().strip('"') != key.etag.strip('"'):
            errors.append((key_name, version, "PreconditionFailed", PRECONDITION_MESSAGE))
        else:
            continue
        root.remove(item)
    if not errors:
        return None
    _refused.errors = errors
    if not any(_local(item.tag) == "Object" for item in root):
        # Nothing left for moto to delete: it would refuse an empty list.
        return b""
    for node in root.iter():
        node.tag = _local(node.tag)  # written back without namespace prefixes
    root.set("xmlns", _XMLNS)
    return ElementTree.tostring(root)


def _lock_refusal(bucket: Any, key_name: str, version: str, bypass: bool) -> str | None:
    for candidate in bucket.keys.getlist(key_name, []):
        if str(candidate.version_id or "null") == version:
            return object_lock.delete_refusal(candidate, bypass)
    return None


def _has_version(bucket: Any, key_name: str, version: str) -> bool:
    return any(str(candidate.version_id) == version for candidate in bucket.keys.getlist(key_name, []))


def _named_versions(bucket: Any, data: bytes) -> tuple[list[str], dict[str, str]]:
    """The versions the request names that are delete markers (S3 reports their deletion as a delete
    marker's: DeleteMarker, DeleteMarkerVersionId, which moto leaves out), and the version named per key
    (S3's errors name it, moto's do not)."""
    if bucket is None:
        return [], {}
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return [], {}
    markers, versions = [], {}
    for item in root:
        fields = {_local(child.tag): (child.text or "") for child in item}
        version = fields.get("VersionId")
        if _local(item.tag) != "Object" or not version:
            continue
        versions[fields.get("Key", "")] = version
        for candidate in bucket.keys.getlist(fields.get("Key", ""), []):
            if str(candidate.version_id) == version and type(candidate).__name__ == "FakeDeleteMarker":
                markers.append(version)
    return markers, versions


def answer_if_all_refused(body: bytes) -> Response | None:
    """Our answer when every object was refused (moto has nothing to do)."""
    if body != b"":
        return None
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<DeleteResult xmlns="{_XMLNS}">', *_error_entries()]
    _refused.errors = []
    out.append("</DeleteResult>")
    return Response("".join(out), status=200, mimetype="application/xml")


def finish(response: Response) -> None:
    """Add this request's refusals to moto's DeleteResult."""
    entries = _error_entries()
    _refused.errors = []
    quiet, _refused.quiet = getattr(_refused, "quiet", False), False
    markers, _refused.markers = getattr(_refused, "markers", []), []
    versions, _refused.versions = getattr(_refused, "versions", {}), {}
    body = response.get_data()
    if not entries and not quiet and not markers and _LOCKED not in body:
        return
    body = _LOCKED_ERROR.sub(lambda found: _locked_error(found, versions), body)
    if quiet:
        body = _DELETED.sub(b"", body)
    for version in markers:
        named = f"<VersionId>{escape(version)}</VersionId>".encode()
        marked = (
            named
            + (
                f"<DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>{escape(version)}</DeleteMarkerVersionId>"
            ).encode()
        )
        body = body.replace(named + b"</Deleted>", marked + b"</Deleted>")
    closing = body.rfind(b"</DeleteResult>")
    if closing >= 0:
        body = body[:closing] + "".join(entries).encode("utf-8") + body[closing:]
    response.set_data(body)


_LOCKED = b"<Message>Access Denied because object protected by object lock.</Message>"
_LOCKED_ERROR = re.compile(rb"<Error><Key>([^<]*)</Key><Code>AccessDenied</Code>" + re.escape(_LOCKED))


def _locked_error(found: re.Match[bytes], versions: dict[str, str]) -> bytes:
    """moto's refusal of a locked version, in S3's words and naming the version."""
    key = found.group(1)
    version = versions.get(xml_unescape(key.decode("utf-8")))
    version_field = f"<VersionId>{escape(version)}</VersionId>".encode() if version else b""
    refusal = b"<Code>AccessDenied</Code><Message>Access Denied</Message>"
    return b"<Error><Key>" + key + b"</Key>" + version_field + refusal


def _error_entries() -> list[str]:
    entries = []
    for key_name, version, code, message in getattr(_refused, "errors", []):
        version_field = f"<VersionId>{escape(version)}</VersionId>" if version else ""
        entries.append(
            f"<Error><Key>{escape(key_name)}</Key>{version_field}<Code>{code}</Code>"
            f"<Message>{escape(message)}</Message></Error>"
        )
    return entries
