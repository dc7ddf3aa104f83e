"""ListBuckets as S3 answers it today: the caller's buckets in name order, paged by MaxBuckets and
ContinuationToken, filtered by Prefix and BucketRegion, each with its BucketRegion."""

from __future__ import annotations

import base64
import binascii
import sys
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack.services.s3.listing import OWNER_ID
from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error, invalid_argument
from localstack.services.s3.validation import known_regions

MAX_BUCKETS = 10000
_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"


def _after(token: str) -> str:
    if not token.replace("-", "").replace("_", "").isalnum():
        raise invalid_argument("The continuation token provided is incorrect", "continuation-token", token)
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise invalid_argument(
            "The continuation token provided is incorrect", "continuation-token", token
        ) from None


def list_buckets(call: S3Call, account_id: str) -> Response | None:
    if "moto.s3.models" not in sys.modules:
        return None
    from moto.s3.models import s3_backends

    raw_max = call.query.get("max-buckets")
    limit = MAX_BUCKETS
    if raw_max is not None:
        if not raw_max.isdigit() or not 1 <= int(raw_max) <= MAX_BUCKETS:
            raise invalid_argument(
                f"Argument max-buckets must be an integer between 1 and {MAX_BUCKETS}", "max-buckets", raw_max
            )
        limit = int(raw_max)
    prefix = call.query.get("prefix")
    region = call.query.get("bucket-region")
    if region and region not in known_regions():
        # S3 names the argument but, unlike its other InvalidArgument answers, not its value.
        message = f"Argument value {region} is not a valid AWS Region"
        raise S3Error("InvalidArgument", message, 400, ArgumentName="bucket-region")
    token = call.query.get("continuation-token")
    after = _after(token) if token else None
    buckets = []
    for partition in ("aws",):
        buckets.extend(s3_backends[account_id][partition].buckets.values())
    selected = sorted(
        (
            bucket
            for bucket in buckets
            # Directory buckets are listed by ListDirectoryBuckets only.
            if getattr(bucket, "directory_location", None) is None
            and (not prefix or bucket.name.startswith(prefix))
            and (not region or bucket.region_name == region)
            and (after is None or bucket.name > after)
        ),
        key=lambda bucket: bucket.name,
    )
    page, truncated = selected[:limit], len(selected) > limit
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<ListAllMyBucketsResult xmlns="{_XMLNS}">',
        f"<Owner><ID>{OWNER_ID}</ID></Owner><Buckets>",
    ]
    for bucket in page:
        out.append(
            f"<Bucket><Name>{escape(bucket.name)}</Name><CreationDate>{bucket.creation_date_ISO8601}</CreationDate>"
            f"<BucketRegion>{bucket.region_name}</BucketRegion></Bucket>"
        )
    out.append("</Buckets>")
    if truncated:
        next_token = base64.urlsafe_b64encode(page[-1].name.encode()).decode().rstrip("=")
        out.append(f"<ContinuationToken>{next_token}</ContinuationToken>")
    if prefix is not None:
        out.append(f"<Prefix>{escape(prefix)}</Prefix>")
    out.append("</ListAllMyBucketsResult>")
    return Response("".join(out), status=200, mimetype="application/xml")
