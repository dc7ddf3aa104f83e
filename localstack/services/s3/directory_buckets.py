"""Directory buckets (S3 Express One Zone) kept in the general-purpose store: their `base--zone-id--x-s3`
names, CreateBucket with a directory configuration, CreateSession, ListDirectoryBuckets, and the zone
HeadBucket answers with."""

from __future__ import annotations

import base64
import binascii
import datetime
import re
import secrets
import sys
import xml.etree.ElementTree as ElementTree
from typing import Any
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack.services.s3 import service_model, signatures
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error, invalid_argument
from localstack.utils.aws import request_context

SUFFIX = "--x-s3"
MAX_DIRECTORY_BUCKETS = 1000
SESSION_SECONDS = 300
MALFORMED_XML = "The XML you provided was not well-formed or did not validate against our published schema"
_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"
# base--zone-id--x-s3: an Availability Zone id (use1-az4) or a Local Zone id (usw2-lax1-az1).
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*--(?P<zone>[a-z0-9]+(?:-[a-z0-9]+)*-az[0-9]+)--x-s3$")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_REDUNDANCY = {"AvailabilityZone": "SingleAvailabilityZone", "LocalZone": "SingleLocalZone"}
# Created by this request and not yet marked: name -> (location type, zone id).
_pending: dict[str, tuple[str, str]] = {}


def zone_of(name: str) -> str | None:
    """The zone id a valid directory bucket name carries, or None."""
    if not 3 <= len(name) <= 63 or name.startswith(_RESERVED_PREFIXES):
        return None
    match = _NAME.match(name)
    return match.group("zone") if match else None


def location_of(bucket: Any) -> tuple[str, str] | None:
    """(location type, zone id) of a directory bucket; None for a general-purpose one."""
    return getattr(bucket, "directory_location", None)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _configuration(data: bytes) -> dict[str, str]:
    """Location/Type, Location/Name, Bucket/Type and Bucket/DataRedundancy of a CreateBucketConfiguration."""
    found: dict[str, str] = {}
    if not data or not data.strip():
        return found
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return found
    for group in root:
        if _local(group.tag) in ("Location", "Bucket"):
            for field in group:
                found[f"{_local(group.tag)}/{_local(field.tag)}"] = (field.text or "").strip()
    return found


def is_directory_create(call: S3Call, data: bytes) -> bool:
    return call.operation == "CreateBucket" and _configuration(data).get("Bucket/Type") == "Directory"


def prepare_create(call: S3Call, data: bytes, region: str) -> bytes:
    """Check a directory CreateBucket; the body moto creates the bucket from (it knows no directory
    configuration, only the region)."""
    config = _configuration(data)
    zone = zone_of(call.bucket)
    if zone is None:
        raise S3Error("InvalidBucketName", "The specified bucket is not valid.", BucketName=call.bucket)
    location_type = config.get("Location/Type") or "AvailabilityZone"
    redundancy = config.get("Bucket/DataRedundancy")
    if location_type not in _REDUNDANCY or (redundancy and redundancy not in _REDUNDANCY.values()):
        # Values outside the schema's enumerations, as S3 answers for any of its documents.
        raise S3Error("MalformedXML", MALFORMED_XML)
    location_name = config.get("Location/Name")
    if location_name and location_name != zone:
        raise S3Error("InvalidBucketName", "The specified bucket is not valid.", BucketName=call.bucket)
    _pending[call.bucket] = (location_type, zone)
    if region == "us-east-1":
        return b""
    return (
        f'<CreateBucketConfiguration xmlns="{_XMLNS}"><LocationConstraint>{region}</LocationConstraint>'
        "</CreateBucketConfiguration>"
    ).encode()


def finish_create(call: S3Call, bucket: Any, succeeded: bool) -> None:
    location = _pending.pop(call.bucket, None)
    if succeeded and location is not None and bucket is not None:
        bucket.directory_location = location


EXPRESS_ONEZONE = "EXPRESS_ONEZONE"
STORAGE_CLASSES = frozenset(
    {
        "STANDARD",
        "REDUCED_REDUNDANCY",
        "STANDARD_IA",
        "ONEZONE_IA",
        "INTELLIGENT_TIERING",
        "GLACIER",
        "DEEP_ARCHIVE",
        "GLACIER_IR",
        EXPRESS_ONEZONE,
    }
)


def storage_class(call: S3Call, bucket: Any) -> None:
    """Objects of a directory bucket are stored in S3 Express One Zone and only there; that class is kept
    for directory buckets. Sets the class on a write that names none."""
    if bucket is None:
        return
    requested = call.header("x-amz-storage-class")
    if requested is not None and requested not in STORAGE_CLASSES:
        # OUTPOSTS, SNOW, FSX_OPENZFS... are in the model but not classes an S3 bucket stores.
        raise S3Error(
            "InvalidStorageClass",
            "The storage class you specified is not valid",
            StorageClassRequested=requested,
        )
    directory = location_of(bucket) is not None
    if directory and requested is None:
        call.headers["x-amz-storage-class"] = EXPRESS_ONEZONE
    elif requested is not None and (requested == EXPRESS_ONEZONE) != directory:
        raise S3Error(
            "InvalidStorageClass", "The storage class you specified is not valid", StorageClass=requested
        )


def refuse_unsupported(call: S3Call, bucket: Any) -> None:
    """A directory bucket answers NotImplemented to an operation it does not serve (versioning, ACLs, Object
    Lock, tagging, CORS, website, replication...), where moto would serve it as for any bucket."""
    if bucket is None or location_of(bucket) is None:
        return
    if call.operation in service_model.directory_unsupported():
        raise S3Error(
            "NotImplemented", "A header you provided implies functionality that is not implemented", 501
        )


def arn_of(bucket: Any) -> str:
    return f"arn:aws:s3express:{bucket.region_name}:{bucket.account_id}:bucket/{bucket.name}"


def head_headers(bucket: Any) -> dict[str, str]:
    location = location_of(bucket)
    if location is None:
        return {}
    return {
        "x-amz-bucket-location-type": location[0],
        "x-amz-bucket-location-name": location[1],
        "x-amz-bucket-arn": arn_of(bucket),
    }


def create_session(call: S3Call, bucket: Any) -> Response:
    """Credentials for the zonal endpoint. SDKs pointed at a custom endpoint ask for one before
    CreateBucket too, so a directory bucket name is answered before its bucket exists."""
    general = bucket is not None and location_of(bucket) is None
    if general or (bucket is None and zone_of(call.bucket) is None):
        raise S3Error("NoSuchBucket", "The specified bucket does not exist", 404, BucketName=call.bucket)
    mode = call.header("x-amz-create-session-mode")
    if mode is not None and mode not in ("ReadWrite", "ReadOnly"):
        raise invalid_argument("Invalid session mode", "x-amz-create-session-mode", mode)
    scope = request_context.credential_scope(call.headers)
    access_key = scope[0] if scope else ""
    # The session signs with the caller's own key: a key IAM issued keeps being checked against its secret.
    secret = (signatures.secret_for(access_key) if access_key else None) or secrets.token_urlsafe(30)
    expires = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(
        seconds=SESSION_SECONDS
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<CreateSessionResult xmlns="{_XMLNS}"><Credentials>'
        f"<SessionToken>{secrets.token_urlsafe(48)}</SessionToken>"
        f"<SecretAccessKey>{escape(secret)}</SecretAccessKey>"
        f"<AccessKeyId>{escape(access_key)}</AccessKeyId>"
        f"<Expiration>{expires.strftime('%Y-%m-%dT%H:%M:%SZ')}</Expiration>"
        "</Credentials></CreateSessionResult>"
    )
    response = Response(body, status=200, mimetype="application/xml")
    response.headers["x-amz-server-side-encryption"] = "AES256"
    return response


def is_directory_listing(call: S3Call) -> bool:
    """ListDirectoryBuckets and ListBuckets share GET /; the first is signed for s3express."""
    if call.bucket or call.method != "GET":
        return False
    scope = request_context.credential_scope(call.headers)
    return (scope is not None and scope[2] == "s3express") or "max-directory-buckets" in call.query


def _after(token: str) -> str:
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise invalid_argument(
            "The continuation token provided is incorrect", "continuation-token", token
        ) from None


def list_directory_buckets(call: S3Call, account_id: str) -> Response:
    raw_max = call.query.get("max-directory-buckets")
    limit = MAX_DIRECTORY_BUCKETS
    if raw_max is not None:
        if not raw_max.isdigit() or not 0 <= int(raw_max) <= MAX_DIRECTORY_BUCKETS:
            raise invalid_argument(
                f"Argument max-directory-buckets must be an integer between 0 and {MAX_DIRECTORY_BUCKETS}",
                "max-directory-buckets",
                raw_max,
            )
        limit = int(raw_max) or MAX_DIRECTORY_BUCKETS
    token = call.query.get("continuation-token")
    after = _after(token) if token else None
    buckets: list[Any] = []
    if "moto.s3.models" in sys.modules:
        from moto.s3.models import s3_backends

        buckets = [b for b in s3_backends[account_id]["aws"].buckets.values() if location_of(b) is not None]
    selected = sorted((b for b in buckets if after is None or b.name > after), key=lambda b: b.name)
    page, truncated = selected[:limit], len(selected) > limit
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<ListAllMyDirectoryBucketsResult xmlns="{_XMLNS}">']
    out.append("<Buckets>")
    for bucket in page:
        out.append(
            f"<Bucket><Name>{escape(bucket.name)}</Name>"
            f"<CreationDate>{bucket.creation_date_ISO8601}</CreationDate>"
            f"<BucketRegion>{bucket.region_name}</BucketRegion>"
            f"<BucketArn>{escape(arn_of(bucket))}</BucketArn></Bucket>"
        )
    out.append("</Buckets>")
    if truncated:
        next_token = base64.urlsafe_b64encode(page[-1].name.encode()).decode().rstrip("=")
        out.append(f"<ContinuationToken>{next_token}</ContinuationToken>")
    out.append("</ListAllMyDirectoryBucketsResult>")
    return Response("".join(out), status=200, mimetype="application/xml")
