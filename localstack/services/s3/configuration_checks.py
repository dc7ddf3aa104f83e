"""Configuration documents and directive headers S3 refuses before it stores anything: bucket policies that
are not JSON, versioning and encryption settings outside their enumerations, unsupported server-side
encryption, website index suffixes, object ownership values, DeleteObjects over 1,000 keys, copy directives
and UploadPartCopy ranges."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from typing import Any

from localstack.services.s3 import models
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error, invalid_argument

MALFORMED_XML = "The XML you provided was not well-formed or did not validate against our published schema"
OWNERSHIPS = ("BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced")
SSE_ALGORITHMS = ("AES256", "aws:kms", "aws:kms:dsse")
BUCKET_SSE_ALGORITHMS = ("AES256", "aws:fsx", "aws:backup", "aws:kms", "aws:kms:dsse")
MAX_DELETE_KEYS = 1000
REDIRECT_PREFIXES = ("/", "http://", "https://")
# The elements of a lifecycle rule that are actions; a rule needs one.
LIFECYCLE_ACTIONS = (
    "Expiration",
    "Transition",
    "NoncurrentVersionExpiration",
    "NoncurrentVersionTransition",
    "AbortIncompleteMultipartUpload",
)
_COPY_RANGE = re.compile(r"bytes=(\d+)-(\d+)")
_S3_ARN = re.compile(r"arn:aws[a-z-]*:s3:::")


_BLOCK_SETTINGS = frozenset(
    ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
)


def _malformed_xml() -> S3Error:
    return S3Error("MalformedXML", MALFORMED_XML)


def _elements(data: bytes) -> list[tuple[str, str]]:
    """(local name, text) of every element of an XML document; MalformedXML if it does not parse."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise _malformed_xml() from None
    return [(element.tag.rpartition("}")[2], (element.text or "").strip()) for element in root.iter()]


def _directory(call: S3Call) -> bool:
    from localstack.services.s3 import directory_buckets, models

    return directory_buckets.location_of(models.find_bucket(call.bucket)) is not None


def check(call: S3Call, data: bytes) -> None:
    op = call.operation
    if op == "PutObject" and call.header("x-amz-write-offset-bytes") is not None and not _directory(call):
        # Appends are for directory buckets (`express_objects`); moto would replace the object.
        raise S3Error(
            "NotImplemented",
            "A header you provided implies functionality that is not implemented",
            501,
            Header="x-amz-write-offset-bytes",
        )
    if op in ("PutObject", "CopyObject", "CreateMultipartUpload", "PostObject"):
        encryption = call.header("x-amz-server-side-encryption")
        if encryption is not None and encryption not in SSE_ALGORITHMS:
            raise invalid_argument(
                "The encryption method specified is not supported", "x-amz-server-side-encryption", encryption
            )
        redirect = call.header("x-amz-website-redirect-location")
        if redirect is not None and not redirect.startswith(REDIRECT_PREFIXES):
            raise S3Error(
                "InvalidRedirectLocation",
                "The website redirect location must have a prefix of 'http://' or 'https://' or '/'.",
            )
    if op in ("CreateBucket", "PutBucketOwnershipControls"):
        ownership = call.header("x-amz-object-ownership")
        if ownership is not None and ownership not in OWNERSHIPS:
            # S3 names the header but not its value here (as recorded).
            message = f"Invalid x-amz-object-ownership header: {ownership}"
            raise S3Error("InvalidArgument", message, ArgumentName="x-amz-object-ownership")
        if op == "PutBucketOwnershipControls" and data:
            values = [text for name, text in _elements(data) if name == "ObjectOwnership"]
            # One rule, of a known value (moto failed on a second rule with a 500).
            if len(values) != 1 or values[0] not in OWNERSHIPS:
                raise _malformed_xml()
    elif op == "PutBucketPolicy":
        _check_policy(data, call.bucket)
    elif op == "PutBucketVersioning" and data:
        elements = _elements(data)
        if not any(name == "Status" and text for name, text in elements):
            raise S3Error(
                "IllegalVersioningConfigurationException", "The Versioning element must be specified"
            )
        for name, text in elements:
            if (name == "Status" and text not in ("Enabled", "Suspended")) or (
                name == "MfaDelete" and text not in ("Enabled", "Disabled")
            ):
                raise _malformed_xml()
    elif op == "PutPublicAccessBlock" and data:
        # Each of the four settings is an xs:boolean.
        if any(
            name in _BLOCK_SETTINGS and text not in ("true", "false", "1", "0")
            for name, text in _elements(data)
        ):
            raise _malformed_xml()
    elif op == "PutBucketEncryption" and data:
        _check_bucket_encryption(_elements(data))
    elif op == "PutBucketWebsite" and data:
        from localstack.services.s3 import website_checks

        website_checks.check(data)
    elif op == "PutBucketLogging" and data:
        _check_logging_target(call.bucket, _elements(data))
    elif op == "PutBucketLifecycleConfiguration" and data:
        _check_lifecycle(data)
    elif op == "PutBucketAccelerateConfiguration" and "." in call.bucket:
        # Accelerated endpoints are virtual-hosted over TLS: a dotted name breaks the certificate match.
        raise S3Error(
            "InvalidRequest",
            "S3 Transfer Acceleration is not supported for buckets with periods (.) in their names",
        )
    elif op == "PutBucketReplication" and data:
        _check_replication(call.bucket, _elements(data))
    elif op == "DeleteObjects" and data:
        if sum(1 for name, _ in _elements(data) if name == "Object") > MAX_DELETE_KEYS:
            raise _malformed_xml()
    elif op == "CopyObject":
        _check_archived_source(call)
        _check_directive(call, "x-amz-metadata-directive", "Unknown metadata directive.")
        _check_directive(call, "x-amz-tagging-directive", "Unknown tagging directive.")
    elif op == "UploadPartCopy":
        _check_copy_range(call)
    elif op == "GetObjectAttributes":
        _check_object_attributes(call)


def _check_replication(bucket_name: str, elements: list[tuple[str, str]]) -> None:
    """Replication copies versions: the source and every destination bucket keep them."""
    source = models.find_bucket(bucket_name)
    if source is None:
        return  # moto answers NoSuchBucket
    if getattr(source, "versioning_status", None) != "Enabled":
        raise S3Error(
            "InvalidRequest",
            "Versioning must be 'Enabled' on the bucket to apply a replication configuration",
        )
    for name, text in elements:
        if name != "Bucket" or not _S3_ARN.match(text):
            continue
        destination = models.find_bucket(_S3_ARN.sub("", text, count=1))
        # S3 answers a missing destination as one without versioning.
        if destination is None or getattr(destination, "versioning_status", None) != "Enabled":
            raise S3Error("InvalidRequest", "Destination bucket must have versioning enabled.")


def _check_lifecycle(data: bytes) -> None:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise _malformed_xml() from None
    if not any(rule.tag.rpartition("}")[2] == "Rule" for rule in root):
        # The schema asks for at least one Rule; moto stored nothing and answered 200.
        raise _malformed_xml()
    for rule in root:
        if rule.tag.rpartition("}")[2] != "Rule":
            continue
        if not any(child.tag.rpartition("}")[2] in LIFECYCLE_ACTIONS for child in rule):
            raise S3Error("InvalidRequest", "At least one action needs to be specified in a rule")
    from localstack.services.s3 import lifecycle_checks

    lifecycle_checks.check_rules(root)


def _check_policy(data: bytes, bucket: str) -> None:
    from localstack.services.s3 import policy_checks

    text = data.decode("utf-8", "replace").strip()
    try:
        document = json.loads(text) if text.startswith("{") else None
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise S3Error("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'")
    if "Statement" not in document:
        raise S3Error("MalformedPolicy", "Missing required field Statement")
    statements = document["Statement"]
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict):
            raise S3Error("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'")
        effect = statement.get("Effect")
        if effect not in ("Allow", "Deny"):
            raise S3Error("MalformedPolicy", f"Invalid effect: {effect}")
        if "Principal" not in statement and "NotPrincipal" not in statement:
            raise S3Error("MalformedPolicy", "Missing required field Principal")
        policy_checks.check_statement(statement)
        resources = statement.get("Resource", statement.get("NotResource"))
        if resources is None:
            raise S3Error("MalformedPolicy", "Missing required field Resource")
        for resource in resources if isinstance(resources, list) else [resources]:
            if not _names_bucket(resource, bucket):
                raise S3Error("MalformedPolicy", "Policy has invalid resource")


def _names_bucket(resource: object, bucket: str) -> bool:
    """A bucket policy's resources are this bucket or its objects (wildcards allowed)."""
    from fnmatch import fnmatchcase

    if not isinstance(resource, str):
        return False
    if resource == "*":
        return True
    match = _S3_ARN.match(resource)
    if match is None:
        return False
    named = resource[match.end() :].partition("/")[0]
    return fnmatchcase(bucket, named)


_OBJECT_ATTRIBUTES = frozenset(("ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"))


def _check_object_attributes(call: S3Call) -> None:
    """GetObjectAttributes must name at least one attribute, each one S3 knows."""
    names = [name.strip() for name in (call.header("x-amz-object-attributes") or "").split(",")]
    unknown = [name for name in names if name not in _OBJECT_ATTRIBUTES]
    if unknown or not names:
        raise invalid_argument(
            "Invalid attribute name specified.", "x-amz-object-attributes", unknown[0] if unknown else ""
        )


def _check_directive(call: S3Call, header: str, message: str) -> None:
    value = call.header(header)
    if value is not None and value not in ("COPY", "REPLACE"):
        raise invalid_argument(message, header, value)


def _check_copy_range(call: S3Call) -> None:
    raw = call.header("x-amz-copy-source-range")
    if raw is None:
        return
    match = _COPY_RANGE.fullmatch(raw.strip())
    if match is None or int(match.group(1)) > int(match.group(2)):
        raise invalid_argument(
            "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are "
            "the zero-based offsets of the first and last bytes to copy",
            "x-amz-copy-source-range",
            raw,
        )
    source = _copy_source(call)
    if source is None:
        return
    size = getattr(source, "size", None)
    if isinstance(size, int) and int(match.group(1)) >= size:
        raise S3Error("InvalidRequest", "The specified copy range is invalid for the source object size")
    if isinstance(size, int) and int(match.group(2)) >= size:
        # Not GetObject's 416 InvalidRange: S3 refuses a copy range past the source as an argument.
        raise invalid_argument(
            f"Range specified is not valid for source object of size: {size}", "x-amz-copy-source-range", raw
        )


def _copy_source(call: S3Call) -> Any:
    from urllib.parse import unquote

    raw = unquote(call.header("x-amz-copy-source") or "").lstrip("/")
    path, _, query = raw.partition("?versionId=")
    bucket_name, _, key = path.partition("/")
    if not bucket_name or not key:
        return None
    return models.find_key(models.find_bucket(bucket_name), key, query or None)


def _check_archived_source(call: S3Call) -> None:
    """A copy from an archived (Glacier or Deep Archive) object that is not restored: 403, as AWS answers
    (moto's own answer names the key by its Python repr)."""
    source = _copy_source(call)
    if source is None or getattr(source, "storage_class", None) not in ("GLACIER", "DEEP_ARCHIVE"):
        return
    if getattr(source, "_expiry", None) is not None:
        return  # restored (moto's restore is complete at once)
    raise S3Error(
        "ObjectNotInActiveTierError",
        "The source object of the COPY operation is not in the active tier and is only stored in Amazon "
        "Glacier.",
        403,
    )


def _check_bucket_encryption(elements: list[tuple[str, str]]) -> None:
    names = [name for name, _ in elements]
    if names.count("Rule") != 1:
        raise _malformed_xml()
    algorithm = next((text for name, text in elements if name == "SSEAlgorithm"), None)
    if algorithm is not None and algorithm not in BUCKET_SSE_ALGORITHMS:
        raise _malformed_xml()
    if "KMSMasterKeyID" in names and algorithm not in ("aws:kms", "aws:kms:dsse"):
        raise invalid_argument(
            "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
            "ApplyServerSideEncryptionByDefault",
            None,
        )


def _check_logging_target(bucket: str, elements: list[tuple[str, str]]) -> None:
    """The target bucket exists, is in the source bucket's region and lets the logging service write (AWS's
    answers, with the fields moto leaves out)."""
    target = next((text for name, text in elements if name == "TargetBucket"), None)
    if target is None:
        return
    target_bucket = models.find_bucket(target)
    if target_bucket is None:
        raise S3Error(
            "InvalidTargetBucketForLogging",
            "The target bucket for logging does not exist",
            TargetBucket=target,
        )
    source = models.find_bucket(bucket)
    if source is not None and source.region_name != target_bucket.region_name:
        # S3 names the source's location too, unless it is us-east-1 (as recorded).
        located = {} if source.region_name == "us-east-1" else {"SourceBucketLocation": source.region_name}
        raise S3Error(
            "CrossLocationLoggingProhibitted",
            "Cross S3 location logging not allowed. ",
            403,
            **located,
            TargetBucketLocation=target_bucket.region_name,
        )
    if source is not None:
        from localstack.services.s3 import logging_target

        prefix = next((text for name, text in elements if name == "TargetPrefix"), "")
        logging_target.check(source, target_bucket, prefix)
