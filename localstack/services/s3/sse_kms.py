"""SSE-KMS on uploads: the key an upload names must exist in KMS, in the bucket's account and region, and be
enabled; a key id without `aws:kms` is refused. Errors as S3 answers them (KMS.* codes, 400)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error, invalid_argument

KEY_HEADER = "x-amz-server-side-encryption-aws-kms-key-id"
_BUCKET_KEY_HEADER = "x-amz-server-side-encryption-bucket-key-enabled"
_KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")
_UPLOADS = ("PutObject", "CopyObject", "CreateMultipartUpload")
_KEY_ID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32}")
_KEY_ARN = re.compile(r"arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key/(.+)")


def check(call: S3Call, bucket: Any) -> None:
    if call.operation == "GetObject":
        _check_read(call, bucket)
        return
    if call.operation not in _UPLOADS:
        return
    has_name_prefix = getattr(call.headers, "has_name_prefix", None)
    # No x-amz-server-side-encryption* header at all: the three lookups below would each answer None.
    named = has_name_prefix is None or has_name_prefix("x-amz-server-side-encryption")
    key_id = call.header(KEY_HEADER) if named else None
    if key_id is None:
        if not named or (
            call.header("x-amz-server-side-encryption") is None
            and call.header("x-amz-server-side-encryption-customer-algorithm") is None
        ):
            default = _bucket_default_key(bucket)
            if default is not None:
                # The bucket's default key is used, and checked, as if the upload named it.
                _check_key(default, bucket.account_id, bucket.region_name, quoted=False)
            elif call.operation != "CopyObject":
                _name_managed_key_of_default(call, bucket)
        elif call.header("x-amz-server-side-encryption") in _KMS_ALGORITHMS and bucket is not None:
            # No key named: S3 uses the account's AWS managed key, stored and answered by its ARN.
            call.headers[KEY_HEADER] = managed_key_arn(bucket.account_id, bucket.region_name)
        return
    if call.header("x-amz-server-side-encryption") not in _KMS_ALGORITHMS:
        raise invalid_argument(
            "Server Side Encryption with AWS KMS managed key requires HTTP header "
            "x-amz-server-side-encryption : aws:kms",
            KEY_HEADER,
            key_id,
        )
    if bucket is not None:
        _check_key(key_id, bucket.account_id, bucket.region_name)


def _not_found(message: str) -> S3Error:
    return S3Error("KMS.NotFoundException", message)


def _check_key(key_id: str, account: str, region: str, quoted: bool = True) -> None:
    """`quoted`: S3 quotes a malformed key id named by the upload, not one from the bucket's default."""
    if key_id.startswith("alias/") or (key_id.startswith("arn:") and ":alias/" in key_id):
        return  # aliases (alias/aws/s3 among them) are resolved by KMS when it is used
    arn = _KEY_ARN.fullmatch(key_id)
    if arn is not None:
        key_region, account, raw = arn.groups()
        if key_region != region:
            raise _not_found(f"Invalid arn {key_region}")
    elif _KEY_ID.fullmatch(key_id):
        raw = key_id
    else:
        raise _not_found(f"Invalid keyId '{key_id}'" if quoted else f"Invalid keyId {key_id}")
    from moto.kms.models import kms_backends

    key = kms_backends[account][region].keys.get(raw)
    shown = key_id if arn is not None else f"arn:aws:kms:{region}:{account}:key/{raw}"
    if key is None:
        raise _not_found(f"Key '{shown}' does not exist")
    state = getattr(key, "key_state", "Enabled")
    if state == "Disabled":
        raise S3Error("KMS.DisabledException", f"{shown} is disabled.")
    if state == "PendingDeletion":
        raise S3Error("KMS.KMSInvalidStateException", f"{shown} is pending deletion.")


def _bucket_default_key(bucket: Any) -> str | None:
    rule = (getattr(bucket, "encryption", None) or {}).get("Rule") or {}
    default = rule.get("ApplyServerSideEncryptionByDefault") or {}
    if default.get("SSEAlgorithm") not in _KMS_ALGORITHMS:
        return None
    return default.get("KMSMasterKeyID") or None


def _name_managed_key_of_default(call: S3Call, bucket: Any) -> None:
    """A bucket default rule of SSE-KMS without a key: the upload is handled as if it asked for the AWS
    managed key itself (moto applied no default to a multipart upload and stored no key id)."""
    if bucket is None:
        return
    rule = (getattr(bucket, "encryption", None) or {}).get("Rule") or {}
    algorithm = (rule.get("ApplyServerSideEncryptionByDefault") or {}).get("SSEAlgorithm")
    if algorithm not in _KMS_ALGORITHMS:
        return
    call.headers["x-amz-server-side-encryption"] = algorithm
    call.headers[KEY_HEADER] = managed_key_arn(bucket.account_id, bucket.region_name)
    if str(rule.get("BucketKeyEnabled")).lower() == "true":
        call.headers[_BUCKET_KEY_HEADER] = "true"


def _check_read(call: S3Call, bucket: Any) -> None:
    """Reading an SSE-KMS object decrypts it with its key: S3 refuses the GET while that key is disabled or
    pending deletion (HEAD decrypts nothing)."""
    if bucket is None:
        return
    from localstack.services.s3 import models

    key = models.find_key(bucket, call.key, call.query.get("versionId"))
    key_id = getattr(key, "kms_key_id", None)
    if not key_id or getattr(key, "encryption", None) not in _KMS_ALGORITHMS:
        return
    if _KEY_ID.fullmatch(key_id) or _KEY_ARN.fullmatch(key_id):
        _check_key(key_id, bucket.account_id, bucket.region_name)


_ANSWERING = frozenset(
    {"PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload"}
    | {"GetObject", "HeadObject"}
)


def finish(call: S3Call, bucket: Any, headers: Any) -> None:
    """S3 names an object's KMS key by its ARN, whichever form the upload named it by, and the AWS managed
    key's where the upload named none."""
    if call.operation not in _ANSWERING or bucket is None:
        return
    if call.operation == "CreateMultipartUpload" and _BUCKET_KEY_HEADER not in headers:
        # moto answered no BucketKeyEnabled for an upload; S3 answers the one asked (or the bucket's).
        asked = call.header(_BUCKET_KEY_HEADER)
        if asked is not None and headers.get("x-amz-server-side-encryption") in _KMS_ALGORITHMS:
            headers[_BUCKET_KEY_HEADER] = asked.lower()
    key_id = headers.get(KEY_HEADER)
    if key_id is None:
        if headers.get("x-amz-server-side-encryption") in _KMS_ALGORITHMS:
            headers[KEY_HEADER] = managed_key_arn(bucket.account_id, bucket.region_name)
        return
    if key_id and _KEY_ID.fullmatch(key_id):
        headers[KEY_HEADER] = f"arn:aws:kms:{bucket.region_name}:{bucket.account_id}:key/{key_id}"


_WRITES = ("PutObject", "CopyObject", "UploadPart")


def own_etag(call: S3Call, stored: tuple[Any, Any] | None, response: Any) -> None:
    """An object S3 encrypts with a KMS key has an ETag that is no MD5 of its body (S3's Object.ETag
    reference): each such PutObject, CopyObject or UploadPart gets its own, answered and stored (a multipart
    upload's ETag is then made of its parts' ETags, as S3's is)."""
    if (
        call.operation not in _WRITES
        or response.headers.get("x-amz-server-side-encryption") not in _KMS_ALGORITHMS
    ):
        return
    if call.operation == "UploadPart":
        key = _written_part(call)
    else:
        key = stored[1] if stored is not None else _written_key(call, response)
    if key is None:
        return
    old = key.etag.strip('"')
    if "-" in old:
        return  # a multipart ETag is no MD5 of the body already
    if call.operation != "CopyObject" and response.headers.get("ETag", "").strip('"') != old:
        return  # written over meanwhile: that write's ETag is its own
    new = uuid.uuid4().hex
    key._etag = new
    if call.operation != "CopyObject":
        response.headers["ETag"] = f'"{new}"'
    else:
        response.set_data(response.get_data().replace(old.encode(), new.encode(), 1))


def _written_part(call: S3Call) -> Any:
    from localstack.services.s3 import models

    bucket = models.find_bucket(call.bucket)
    upload = bucket.multiparts.get(call.query.get("uploadId")) if bucket is not None else None
    number = call.query.get("partNumber") or ""
    return upload.parts.get(int(number)) if upload is not None and number.isdigit() else None


def _written_key(call: S3Call, response: Any) -> Any:
    from localstack.services.s3 import models

    bucket = models.find_bucket(call.bucket)
    key = bucket.keys.get(call.key) if bucket is not None else None
    version = response.headers.get("x-amz-version-id")
    if key is None or (version and getattr(key, "version_id", None) != version):
        return None  # overwritten meanwhile: that write's ETag is its own
    return key


MANAGED_ALIAS = "alias/aws/s3"


def managed_key_arn(account: str, region: str) -> str:
    """The ARN of the account's AWS managed key for S3 (`alias/aws/s3`), created in KMS on first use."""
    from moto.kms.models import kms_backends

    backend = kms_backends[account][region]
    key_id = backend.get_key_id_from_alias(MANAGED_ALIAS)
    key = backend.keys[key_id]
    # KMS's own patch marks it so when KMS has started; S3 may be the first to ask.
    key.key_manager = "AWS"
    return key.arn
