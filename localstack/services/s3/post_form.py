"""Browser form POST uploads (PostObject): fields in any order and case, the policy document checked
(expiration, conditions, content-length-range, signature), the upload handed on as a PutObject, and the
answer shaped by success_action_status or success_action_redirect."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import io
import json
import re
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit
from xml.sax.saxutils import escape

from werkzeug.formparser import parse_form_data
from werkzeug.wrappers import Response

from localstack.services.s3 import signatures
from localstack.services.s3.identity import ANONYMOUS, Identity, of_access_key
from localstack.services.s3.s3_errors import S3Error, access_denied
from localstack.utils.http import Request

FORM_HEADER = "x-localstack-s3-form"
_STATUS_HEADER = "x-localstack-s3-form-status"
_REDIRECT_HEADER = "x-localstack-s3-form-redirect"
# Fields a policy need not name.
_EXEMPT = {"policy", "x-amz-signature", "signature", "awsaccesskeyid", "file", "x-amz-security-token"}
_HEADER_FIELDS = {
    "content-type",
    "cache-control",
    "content-disposition",
    "content-encoding",
    "expires",
}


def is_form_post(request: Request) -> bool:
    return (request.headers.get("Content-Type") or "").lower().startswith("multipart/form-data")


def not_multipart() -> S3Error:
    """A bucket POST that is no multipart form: S3's 412 naming the enclosure it needs."""
    return S3Error(
        "PreconditionFailed",
        "At least one of the pre-conditions you specified did not hold",
        412,
        Condition="Bucket POST must be of the enclosure-type multipart/form-data",
    )


def _parse(request: Request) -> tuple[dict[str, str], dict[str, str], bytes, str]:
    """(fields by lower-case name, original names, file content, file name)."""
    environ = {
        "wsgi.input": io.BytesIO(request.data),
        "CONTENT_LENGTH": str(len(request.data)),
        "CONTENT_TYPE": request.headers.get("Content-Type"),
        "REQUEST_METHOD": "POST",
    }
    _, form, files = parse_form_data(environ)
    fields: dict[str, str] = {}
    names: dict[str, str] = {}
    for name, value in form.items(multi=True):
        fields.setdefault(name.lower(), value)
        names.setdefault(name.lower(), name)
    upload = files.get("file")
    if upload is None:
        for candidate in files.values():
            upload = candidate
            break
    if upload is None:
        if "file" in fields:
            return fields, names, fields.pop("file").encode("utf-8"), ""
        raise S3Error(
            "InvalidArgument",
            "POST requires exactly one file upload per request.",
            ArgumentName="file",
            ArgumentValue="0",
        )
    return fields, names, upload.read(), upload.filename or ""


def to_put(request: Request, bucket: str) -> tuple[Request, Identity]:
    """The PutObject a form POST stands for, and who sent it."""
    fields, names, content, filename = _parse(request)
    key = fields.get("key")
    if not key:
        raise S3Error(
            "InvalidArgument",
            "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of "
            "the fields.",
            ArgumentName="key",
            ArgumentValue="",
        )
    key = key.replace("${filename}", filename)
    if fields.get("policy"):
        _require_signature_fields(fields)
    who = _identity(fields)
    if fields.get("policy"):
        _check_policy(fields, names, bucket, key, len(content), who)
    elif not who.anonymous:
        raise S3Error(
            "InvalidArgument",
            "Bucket POST must contain a field named 'policy'.  If it is specified, please check the order of "
            "the fields.",
            ArgumentName="policy",
            ArgumentValue="",
        )
    from urllib.parse import quote

    headers = request.headers.copy()
    for name in ("Content-Type", "Authorization", "Content-MD5", "x-amz-content-sha256"):
        headers.pop(name, None)
    for name, value in fields.items():
        if name in _HEADER_FIELDS or name.startswith("x-amz-meta-"):
            headers[names[name] if name.startswith("x-amz-meta-") else name] = value
        elif name == "acl":
            headers["x-amz-acl"] = value
        elif (
            name.startswith("x-amz-")
            and name not in _EXEMPT
            and not name.startswith(("x-amz-credential", "x-amz-algorithm", "x-amz-date", "x-amz-signature"))
        ):
            headers[name] = value
        elif name == "tagging":
            headers["x-amz-tagging"] = _tagging_query(value)
    if "content-type" not in fields:
        headers["Content-Type"] = "binary/octet-stream"
    headers[FORM_HEADER] = "1"
    headers[_STATUS_HEADER] = fields.get("success_action_status", "")
    headers[_REDIRECT_HEADER] = fields.get("success_action_redirect") or fields.get("redirect", "")
    headers["Content-Length"] = str(len(content))
    path = f"/{quote(bucket)}/{quote(key, safe='/')}"
    return Request("PUT", path, content, headers, request.environ), who


def _tagging_query(document: str) -> str:
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError:
        raise S3Error("MalformedXML", "The XML you provided was not well-formed") from None
    pairs = []
    for tag in root.iter():
        if tag.tag.rpartition("}")[2] == "Tag":
            values = {child.tag.rpartition("}")[2]: child.text or "" for child in tag}
            pairs.append((values.get("Key", ""), values.get("Value", "")))
    return urlencode(pairs)


def _missing_field(name: str) -> S3Error:
    return S3Error(
        "InvalidArgument",
        f"Bucket POST must contain a field named '{name}'.  If it is specified, please check the order of "
        "the fields.",
        ArgumentName=name,
        ArgumentValue="",
    )


_SIGV4_FIELDS = (
    ("x-amz-algorithm", "X-Amz-Algorithm"),
    ("x-amz-credential", "X-Amz-Credential"),
    ("x-amz-signature", "X-Amz-Signature"),
    ("x-amz-date", "X-Amz-Date"),
)


def _require_signature_fields(fields: dict[str, str]) -> None:
    """A signed form (one naming any of a signature's fields) needs them all: S3 names the first missing,
    SigV4's or SigV2's by the fields present. A form with none of them is anonymous."""
    if any(fields.get(name) for name, _ in _SIGV4_FIELDS):
        missing = [label for name, label in _SIGV4_FIELDS if not fields.get(name)]
    elif fields.get("awsaccesskeyid") or fields.get("signature"):
        missing = [label for label in ("AWSAccessKeyId", "Signature") if not fields.get(label.lower())]
    else:
        return
    if missing:
        raise _missing_field(missing[0])


def _identity(fields: dict[str, str]) -> Identity:
    if fields.get("x-amz-credential"):
        access_key = fields["x-amz-credential"].split("/")[0]
        return of_access_key(access_key, "POST", "AWS4-HMAC-SHA256")
    if fields.get("awsaccesskeyid"):
        return of_access_key(fields["awsaccesskeyid"], "POST", "AWS")
    return ANONYMOUS


def _invalid_policy(detail: str) -> S3Error:
    return S3Error("InvalidPolicyDocument", f"Invalid Policy: {detail}")


def _condition_failed(condition: Any) -> S3Error:
    return access_denied(f"Invalid according to Policy: Policy Condition failed: {json.dumps(condition)}")


_EXPIRATION = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")


def _check_policy(
    fields: dict[str, str], names: dict[str, str], bucket: str, key: str, size: int, who: Identity
) -> None:
    encoded = fields["policy"]
    if not who.anonymous:
        _check_signature(fields, encoded, who)
    try:
        document = json.loads(base64.b64decode(encoded))
    except ValueError:
        raise _invalid_policy("Invalid JSON.") from None
    if not isinstance(document, dict):
        raise _invalid_policy("Invalid JSON.")
    expiration = document.get("expiration")
    if expiration is None:
        raise _invalid_policy("Policy missing expiration.")
    try:
        # ISO 8601 in GMT only (2013-08-01T12:00:00.000Z): a space for the T or an offset is refused.
        if not _EXPIRATION.match(str(expiration)):
            raise ValueError
        expires = datetime.datetime.fromisoformat(str(expiration)[:19]).replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise _invalid_policy(f"Invalid 'expiration' value: '{expiration}'") from None
    if expires < datetime.datetime.now(datetime.timezone.utc):
        raise access_denied("Invalid according to Policy: Policy expired.")
    conditions = document.get("conditions")
    if conditions is None:
        raise _invalid_policy("Policy missing conditions.")
    if not isinstance(conditions, list):
        raise _invalid_policy("Invalid 'conditions' value: must be a List.")
    values = dict(fields, key=key, bucket=bucket)
    covered = set()
    for condition in conditions:
        covered.add(_check_condition(condition, values, size))
    if "bucket" not in covered:
        raise _condition_failed(["eq", "$bucket", bucket])
    extra = [
        names.get(name, name)
        for name in fields
        if name not in _EXEMPT
        and name not in covered
        and not name.startswith("x-ignore-")
        and name != "bucket"
    ]
    if extra:
        raise access_denied(f"Invalid according to Policy: Extra input fields: {extra[0]}")


def _check_condition(condition: Any, values: dict[str, str], size: int) -> str:
    """Check one condition; the (lower-case) field it covers."""
    if isinstance(condition, dict):
        if len(condition) != 1:
            raise _invalid_policy(
                "Invalid Simple-Condition: Simple-Conditions must have exactly one property specified."
            )
        name, expected = next(iter(condition.items()))
        if values.get(name.lower()) != expected:
            raise _condition_failed(["eq", f"${name}", expected])
        return name.lower()
    if not isinstance(condition, list) or not condition:
        raise _invalid_policy("Invalid Condition.")
    # Operator and field names are matched without regard to case, values exactly.
    operator = condition[0].lower() if isinstance(condition[0], str) else condition[0]
    if operator == "content-length-range":
        if len(condition) != 3:
            raise _invalid_policy("Invalid content-length-range condition.")
        try:
            low, high = int(condition[1]), int(condition[2])
        except (TypeError, ValueError):
            # S3 quotes the condition back with its bounds as strings.
            raise _condition_failed([condition[0], *(str(bound) for bound in condition[1:])]) from None
        if size > high:
            raise S3Error(
                "EntityTooLarge",
                "Your proposed upload exceeds the maximum allowed size",
                ProposedSize=size,
                MaxSizeAllowed=high,
            )
        if size < low:
            raise S3Error(
                "EntityTooSmall",
                "Your proposed upload is smaller than the minimum allowed size",
                ProposedSize=size,
                MinSizeAllowed=low,
            )
        return "content-length"
    if operator not in ("eq", "starts-with") or len(condition) != 3:
        raise _invalid_policy(
            f"Invalid Condition: Unknown operation '{operator}'."
            if isinstance(operator, str)
            else "Invalid Condition."
        )
    name = str(condition[1])
    if not name.startswith("$"):
        raise _invalid_policy("Invalid Condition: field names must begin with '$'.")
    field = name[1:].lower()
    actual = values.get(field, "")
    expected = str(condition[2])
    if operator == "eq" and actual != expected:
        raise _condition_failed(condition)
    if operator == "starts-with":
        choices = actual.split(",") if field == "content-type" else [actual]
        if not all(choice.strip().startswith(expected) for choice in choices):
            raise _condition_failed(condition)
    return field


def _check_signature(fields: dict[str, str], encoded: str, who: Identity) -> None:
    signature = fields.get("x-amz-signature") or fields.get("signature")
    if not signature:
        name = "Signature" if who.signature_version == "AWS" else "X-Amz-Signature"
        raise S3Error(
            "InvalidArgument",
            f"Bucket POST must contain a field named '{name}'.  If it is specified, please check the "
            "order of the fields.",
            ArgumentName=name,
            ArgumentValue="",
        )
    secret = signatures.secret_for(who.access_key or "")
    if secret is None:
        return
    if who.signature_version == "AWS":
        expected = base64.b64encode(
            hmac.new(secret.encode(), encoded.encode(), hashlib.sha1).digest()
        ).decode()
    else:
        parts = fields.get("x-amz-credential", "").split("/")
        if len(parts) != 5:
            raise access_denied()
        key = ("AWS4" + secret).encode()
        for part in parts[1:]:
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        expected = hmac.new(key, encoded.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise S3Error(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. "
            "Check your key and signing method.",
            403,
        )


def answer(request_headers: Any, response: Response, bucket: str, key: str) -> Response:
    """The form POST's answer from PutObject's: 204 by default, 200/201 on request, 303 to a redirect."""
    etag = response.headers.get("ETag", "")
    location = f"http://{request_headers.get('Host') or 'localhost'}/{bucket}/{key}"
    redirect = request_headers.get(_REDIRECT_HEADER) or ""
    status = request_headers.get(_STATUS_HEADER) or ""
    headers = {"ETag": etag, "Location": location}
    for name, value in response.headers.items():
        if name.lower().startswith("x-amz-"):
            headers[name] = value
    if redirect:
        parts = urlsplit(redirect)
        if parts.scheme and parts.netloc:
            query = "&".join(
                q for q in (parts.query, urlencode({"bucket": bucket, "key": key, "etag": etag})) if q
            )
            headers["Location"] = urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
            return Response(b"", status=303, headers=headers)
    if status == "201":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<PostResponse><Location>{escape(location)}</Location><Bucket>{escape(bucket)}</Bucket>"
            f"<Key>{escape(key)}</Key><ETag>{escape(etag)}</ETag></PostResponse>"
        )
        return Response(body, status=201, headers=headers, mimetype="application/xml")
    if status == "200":
        return Response(b"", status=200, headers=headers)
    return Response(b"", status=204, headers=headers)
