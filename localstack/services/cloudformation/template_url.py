"""TemplateURL: the bucket and key of every S3 URL form tools send (path style on any host and port,
s3.amazonaws.com, regional hosts, virtual-host `<bucket>.s3.<anything>`), read through our own S3."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.internal_client import connect_to

# `<bucket>.s3.<rest>` and `<bucket>.s3-<region>.<rest>`; a host that starts with s3 is path style.
_VIRTUAL_HOST = re.compile(r"^(?P<bucket>.+?)\.s3[.-]")


def bucket_and_key(url: str) -> tuple[str, str]:
    """(bucket, key) of an S3 object URL; raises AWS's ValidationError for anything else."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise invalid_url()
    host = parts.hostname.lower()
    path = unquote(parts.path or "")
    match = _VIRTUAL_HOST.match(host)
    if match and not host.startswith(("s3.", "s3-")):
        key = path.lstrip("/")
        bucket = match.group("bucket")
    else:
        bucket, _, key = path.lstrip("/").partition("/")
    if not bucket or not key:
        raise invalid_url()
    return bucket, key


def invalid_url() -> AWSError:
    return AWSError("ValidationError", "TemplateURL must be a supported URL.")


def fetch(url: str, account_id: str, region: str) -> str:
    """The template text a TemplateURL points at."""
    from botocore.exceptions import ClientError

    bucket, key = bucket_and_key(url)
    s3 = connect_to("s3", account_id=account_id, region=region)
    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        raise AWSError(
            "ValidationError",
            "S3 error: Access Denied"
            if code == "AccessDenied"
            else f"S3 error: {error.response.get('Error', {}).get('Message', code)}",
        ) from None
    return body.decode("utf-8")
