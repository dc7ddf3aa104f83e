"""Access control lists as S3 answers them: one grant per grantee and permission (moto kept only the
first permission of each grant), owners with their display name."""

from __future__ import annotations

from typing import Any

from localstack.services.s3.listing import OWNER_ID

_ORDER = {"FULL_CONTROL": 0, "READ": 1, "WRITE": 2, "READ_ACP": 3, "WRITE_ACP": 4}


def acl_to_dict(acl: Any) -> dict[str, Any]:
    grants = []
    for grant in acl.grants:
        for grantee in grant.grantees:
            shape: dict[str, Any] = {"Type": grantee.type}
            if grantee.uri:
                shape["URI"] = grantee.uri
            if grantee.id:
                shape["ID"] = grantee.id
            for permission in sorted(grant.permissions, key=lambda name: _ORDER.get(name, 9)):
                grants.append({"Grantee": dict(shape), "Permission": permission})
    # S3 stopped answering DisplayName on November 21, 2025.
    return {"Owner": {"ID": OWNER_ID}, "Grants": grants}


CANNED_ACLS = (
    "private",
    "public-read",
    "public-read-write",
    "authenticated-read",
    "aws-exec-read",
    "bucket-owner-read",
    "bucket-owner-full-control",
    "log-delivery-write",
)
GROUP_URIS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
    "http://acs.amazonaws.com/groups/s3/LogDelivery",
)
PERMISSIONS = tuple(_ORDER)
GRANT_HEADERS = (
    "x-amz-grant-full-control",
    "x-amz-grant-read",
    "x-amz-grant-read-acp",
    "x-amz-grant-write",
    "x-amz-grant-write-acp",
)
_MALFORMED = "The XML you provided was not well-formed or did not validate against our published schema"
_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def _canonical_id(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value.lower())


def _email_grantee_refused(error: Any) -> Any:
    """S3 stopped taking email-address grantees on October 1, 2025 (HTTP 405)."""
    return error("MethodNotAllowed", "The specified method is not allowed against this resource.", 405)


def check_request(call: Any, data: bytes) -> None:
    """The canned ACL, grant headers and AccessControlPolicy body of a request, refused as S3 refuses
    them (InvalidArgument naming the part that is wrong, MalformedACLError for a body S3's schema rejects)."""
    from localstack.services.s3.s3_errors import S3Error, invalid_argument

    canned = call.header("x-amz-acl")
    if canned is not None and canned not in CANNED_ACLS:
        raise invalid_argument("", "x-amz-acl", canned)
    for header in GRANT_HEADERS:
        value = call.header(header)
        if not value:
            continue
        for grantee in (part.strip() for part in value.split(",")):
            kind, sep, raw = grantee.partition("=")
            ident = raw.strip().strip('"')
            kind = kind.strip()
            if not sep or kind not in ("uri", "id", "emailAddress"):
                raise invalid_argument("Argument format not recognized", header, grantee)
            if kind == "uri" and ident not in GROUP_URIS:
                raise invalid_argument("Invalid group uri", "uri", ident)
            if kind == "id" and not _canonical_id(ident):
                raise invalid_argument("Invalid id", "id", ident)
            if kind == "emailAddress":
                raise _email_grantee_refused(S3Error)
    if call.operation not in ("PutBucketAcl", "PutObjectAcl"):
        return
    in_headers = canned is not None or any(call.header(header) for header in GRANT_HEADERS)
    if in_headers and data.strip():
        raise S3Error("UnexpectedContent", "This request does not support content")
    if not in_headers and not data.strip():
        message = "Your request was missing a required header"
        raise S3Error("MissingSecurityHeader", message, MissingHeaderName="x-amz-acl")
    if data:
        _check_policy_document(data, S3Error, invalid_argument)


def _check_policy_document(data: bytes, error: Any, invalid_argument: Any) -> None:
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise error("MalformedACLError", _MALFORMED) from None

    def local(element: Any) -> str:
        return element.tag.rpartition("}")[2]

    children = {local(child): child for child in root}
    owner = children.get("Owner")
    if owner is None or "AccessControlList" not in children:
        raise error("MalformedACLError", _MALFORMED)
    owner_id = next((child.text or "" for child in owner if local(child) == "ID"), "")
    if not _canonical_id(owner_id.strip()):
        raise invalid_argument("Invalid id", "CanonicalUser/ID", owner_id.strip())
    for grant in children["AccessControlList"]:
        fields = {local(child): child for child in grant}
        permission = (fields["Permission"].text or "").strip() if "Permission" in fields else ""
        grantee = fields.get("Grantee")
        if permission not in PERMISSIONS or grantee is None:
            raise error("MalformedACLError", _MALFORMED)
        kind = grantee.get(_XSI_TYPE, "")
        values = {local(child): (child.text or "").strip() for child in grantee}
        if kind == "Group":
            if values.get("URI", "") not in GROUP_URIS:
                raise invalid_argument("Invalid group uri", "Group/URI", values.get("URI", ""))
        elif kind == "CanonicalUser":
            if not _canonical_id(values.get("ID", "")):
                raise invalid_argument("Invalid id", "CanonicalUser/ID", values.get("ID", ""))
        elif kind == "AmazonCustomerByEmail":
            raise _email_grantee_refused(error)
        else:
            raise error("MalformedACLError", _MALFORMED)
