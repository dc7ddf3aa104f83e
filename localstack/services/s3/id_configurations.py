"""A bucket's configurations kept by id: analytics, metrics, inventory and S3 Intelligent-Tiering
(Put/Get/Delete by `id`, List paged by continuation token). moto answers them empty or, for a DELETE it
does not know, deletes the bucket itself."""

from __future__ import annotations

import base64
import binascii
import xml.etree.ElementTree as ElementTree
from typing import Any
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack.services.s3 import service_model
from localstack.services.s3.operation import BUCKET_SUBRESOURCES, S3Call
from localstack.services.s3.s3_errors import S3Error, invalid_argument

MALFORMED_XML = "The XML you provided was not well-formed or did not validate against our published schema"
PAGE_SIZE = 100
# Per bucket and kind (S3 User Guide: up to 1,000 of each).
MAX_CONFIGURATIONS = 1000
_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"
# query sub-resource -> (configuration element, List result element)
KINDS = {
    "analytics": ("AnalyticsConfiguration", "ListBucketAnalyticsConfigurationResult"),
    "metrics": ("MetricsConfiguration", "ListMetricsConfigurationsResult"),
    "inventory": ("InventoryConfiguration", "ListInventoryConfigurationsResult"),
    "intelligent-tiering": (
        "IntelligentTieringConfiguration",
        "ListBucketIntelligentTieringConfigurationsOutput",
    ),
}


def kind_of(call: S3Call) -> str | None:
    """The kind of configuration a bucket request addresses, or None."""
    if not call.bucket or call.key:
        return None
    return next((kind for kind in KINDS if kind in call.query), None)


# The kinds whose PUT S3 answers 204 (recorded), and whose document must name the id the request names.
_ANSWERED_NO_CONTENT = frozenset(("analytics", "intelligent-tiering"))


def _document_id(body: str) -> str:
    return (ElementTree.fromstring(body).findtext("Id") or "").strip()


def _no_such_configuration() -> S3Error:
    return S3Error("NoSuchConfiguration", "The specified configuration does not exist.", 404)


def _stored(bucket: Any, kind: str) -> dict[str, str]:
    configurations: dict[str, dict[str, str]] | None = getattr(bucket, "id_configurations", None)
    if configurations is None:
        configurations = bucket.id_configurations = {}
    return configurations.setdefault(kind, {})


def _plain(data: bytes, element: str) -> str:
    """The configuration sent, namespaces dropped, as the XML its answers repeat."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise S3Error("MalformedXML", MALFORMED_XML) from None
    for node in root.iter():
        node.tag = node.tag.rpartition("}")[2]
    if root.tag != element:
        raise S3Error("MalformedXML", MALFORMED_XML)
    return ElementTree.tostring(root, encoding="unicode")


# DELETE sub-resources moto serves; for any other it would delete the bucket itself.
_MOTO_DELETES = frozenset(
    (
        "policy",
        "tagging",
        "website",
        "cors",
        "lifecycle",
        "publicAccessBlock",
        "encryption",
        "replication",
        "ownershipControls",
    )
)


# S3 Metadata (journal and inventory tables in S3 Tables) and attribute-based access control are not
# built: moto answered them empty, or took a PUT for CreateBucket.
_UNSERVED = frozenset(
    ("metadataConfiguration", "metadataTable", "metadataInventoryTable", "metadataJournalTable", "abac")
)


def _not_implemented() -> S3Error:
    return S3Error(
        "NotImplemented", "A header you provided implies functionality that is not implemented", 501
    )


def refuse_unserved(call: S3Call, bucket: Any) -> None:
    """Bucket sub-resources nobody here serves are refused: moto would answer them empty, and take a DELETE
    of one for DeleteBucket. A PUT of any sub-resource on a missing bucket is NoSuchBucket: moto took it
    for a CreateBucket."""
    if not call.bucket or not call.query:
        return
    if bucket is None and not call.key and any(name in BUCKET_SUBRESOURCES for name in call.query):
        raise S3Error("NoSuchBucket", "The specified bucket does not exist", 404, BucketName=call.bucket)
    if call.key:
        if "renameObject" in call.query and getattr(bucket, "directory_location", None) is None:
            # RenameObject is for directory buckets (`express_objects`); moto stored an empty object here.
            raise _not_implemented()
        return
    if any(name in _UNSERVED for name in call.query):
        raise _not_implemented()
    if call.method != "DELETE" or any(name in _MOTO_DELETES or name in KINDS for name in call.query):
        return
    if any(name in BUCKET_SUBRESOURCES for name in call.query):
        raise _not_implemented()


def answer(call: S3Call, bucket: Any, data: bytes) -> Response | None:
    """Our answer to a request for one of these configurations; None leaves it to moto (no bucket)."""
    kind = kind_of(call)
    if kind is None or bucket is None:
        return None
    element, list_element = KINDS[kind]
    stored = _stored(bucket, kind)
    config_id = call.query.get("id")
    if call.method == "GET" and config_id is None:
        return _list(call, stored, element, list_element)
    if call.method not in ("GET", "PUT", "DELETE"):
        return None
    if not config_id:
        raise invalid_argument("Missing required parameter: id", "id", config_id or "")
    if call.method == "PUT":
        body = _plain(data, element)
        if kind == "intelligent-tiering":
            _check_tierings(body)
        elif kind == "inventory":
            _check_inventory(body, config_id)
        if kind in _ANSWERED_NO_CONTENT and _document_id(body) != config_id:
            # Unlike inventory's IdMismatch, S3 refuses these as a document that does not validate.
            raise S3Error("MalformedXML", MALFORMED_XML)
        if config_id not in stored and len(stored) >= MAX_CONFIGURATIONS:
            raise S3Error(
                "TooManyConfigurations",
                "You are attempting to create a new configuration but have already reached the "
                f"{MAX_CONFIGURATIONS:,}-configuration limit.",
            )
        stored[config_id] = body
        return Response(b"", status=204 if kind in _ANSWERED_NO_CONTENT else 200)
    if config_id not in stored:
        raise _no_such_configuration()
    if call.method == "DELETE":
        del stored[config_id]
        return Response(b"", status=204)
    text = stored[config_id].replace(f"<{element}>", f'<{element} xmlns="{_XMLNS}">', 1)
    return Response(f'<?xml version="1.0" encoding="UTF-8"?>\n{text}', status=200, mimetype="application/xml")


# Days of no access before each archive tier (S3 API reference, Tiering): at least these, at most 730.
_TIER_MINIMUM_DAYS = {"ARCHIVE_ACCESS": 90, "DEEP_ARCHIVE_ACCESS": 180}
_TIER_MAXIMUM_DAYS = 730


def _check_tierings(body: str) -> None:
    root = ElementTree.fromstring(body)
    for tiering in root.iter("Tiering"):
        tier = (tiering.findtext("AccessTier") or "").strip()
        days_text = (tiering.findtext("Days") or "").strip()
        if tier not in _TIER_MINIMUM_DAYS or not days_text.lstrip("-").isdigit():
            raise S3Error("MalformedXML", MALFORMED_XML)
        days, minimum = int(days_text), _TIER_MINIMUM_DAYS[tier]
        if days < minimum:
            raise S3Error(
                "InvalidArgument", f"Days specified in {tier} tier should not be less than {minimum}."
            )
        if days > _TIER_MAXIMUM_DAYS:
            raise S3Error(
                "InvalidArgument",
                f"Days specified in {tier} tier should not be more than {_TIER_MAXIMUM_DAYS}.",
            )


_INVENTORY_ROOT = (
    {"Destination", "Id", "IncludedObjectVersions", "IsEnabled", "Schedule"},
    {"Filter", "OptionalFields"},
)
_INVENTORY_DESTINATION = ({"Bucket", "Format"}, {"AccountId", "Encryption", "Prefix"})
_INVENTORY_CHOICES = {
    "Destination/S3BucketDestination/Format": ("CSV", "ORC", "Parquet"),
    "Schedule/Frequency": ("Daily", "Weekly"),
    "IncludedObjectVersions": ("All", "Current"),
}


def _fields_fit(element: ElementTree.Element | None, fields: tuple[set[str], set[str]]) -> bool:
    if element is None:
        return False
    names = {child.tag for child in element}
    required, optional = fields
    return required <= names and names <= required | optional


def optional_field_names() -> frozenset[str]:
    """The fields an inventory report may add: InventoryOptionalField in botocore's S3 model."""
    global _OPTIONAL_FIELDS
    if _OPTIONAL_FIELDS is None:
        _OPTIONAL_FIELDS = service_model.enum("InventoryOptionalField")
    return _OPTIONAL_FIELDS


_OPTIONAL_FIELDS: frozenset[str] | None = None


def _check_inventory(body: str, config_id: str) -> None:
    """AWS's checks in its order: the document's shape (MalformedXML), its Id, then the destination ARN."""
    root = ElementTree.fromstring(body)
    destination = root.find("Destination/S3BucketDestination")
    if not _fields_fit(root, _INVENTORY_ROOT) or not _fields_fit(destination, _INVENTORY_DESTINATION):
        raise S3Error("MalformedXML", MALFORMED_XML)
    if any(
        (root.findtext(path) or "").strip() not in allowed for path, allowed in _INVENTORY_CHOICES.items()
    ):
        raise S3Error("MalformedXML", MALFORMED_XML)
    optional = {(field.text or "").strip() for field in root.iterfind("OptionalFields/Field")}
    if optional - optional_field_names():
        raise S3Error("MalformedXML", MALFORMED_XML)
    if (root.findtext("Id") or "").strip() != config_id:
        raise S3Error("IdMismatch", "Document ID does not match the specified configuration ID.")
    arn = (root.findtext("Destination/S3BucketDestination/Bucket") or "").strip()
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise S3Error("InvalidS3DestinationBucket", "Invalid bucket ARN.")
    if parts[3] or parts[4]:
        # A bucket ARN has neither region nor account; another account's bucket is named by AccountId.
        raise S3Error("InvalidS3DestinationBucket", "Bucket ARN should not specify a namespace.")
    # The destination's existence is not checked: it may be another account's bucket, and S3 only finds out
    # when it delivers the report (the console then shows the failed export).


def _list(call: S3Call, stored: dict[str, str], element: str, list_element: str) -> Response:
    token = call.query.get("continuation-token")
    after = None
    if token:
        try:
            after = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise invalid_argument(
                "The continuation token provided is incorrect", "continuation-token", token
            ) from None
    ids = sorted(config_id for config_id in stored if after is None or config_id > after)
    page, truncated = ids[:PAGE_SIZE], len(ids) > PAGE_SIZE
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<{list_element} xmlns="{_XMLNS}">']
    out.append(f"<IsTruncated>{'true' if truncated else 'false'}</IsTruncated>")
    if token:
        out.append(f"<ContinuationToken>{escape(token)}</ContinuationToken>")
    if truncated:
        next_token = base64.urlsafe_b64encode(page[-1].encode()).decode().rstrip("=")
        out.append(f"<NextContinuationToken>{next_token}</NextContinuationToken>")
    out.extend(stored[config_id] for config_id in page)
    out.append(f"</{list_element}>")
    return Response("".join(out), status=200, mimetype="application/xml")
