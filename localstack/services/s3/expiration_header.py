"""The x-amz-expiration header S3 answers on object writes and reads when an enabled lifecycle rule
expires the object: `expiry-date="<RFC 1123 date>", rule-id="<id>"`, the expiry rounded up to the next
midnight GMT after the object's creation plus the rule's days."""

from __future__ import annotations

import datetime
from email.utils import format_datetime
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.s3 import models
from localstack.services.s3.operation import S3Call

OPERATIONS = frozenset({"PutObject", "HeadObject", "GetObject", "CopyObject", "CompleteMultipartUpload"})


def finish(call: S3Call, response: Response) -> None:
    bucket = models.find_bucket(call.bucket)
    if bucket is None or not getattr(bucket, "rules", None) or "x-amz-expiration" in response.headers:
        return
    key = models.find_key(
        bucket, call.key, call.query.get("versionId") or response.headers.get("x-amz-version-id")
    )
    if key is None:
        return
    tags: dict[str, str] | None = None
    for rule in bucket.rules:
        if rule.status != "Enabled" or (rule.expiration_days is None and rule.expiration_date is None):
            continue
        if tags is None:
            tags = _tags_of(key)
        if not _matches(rule, key, tags):
            continue
        expiry = _expiry(rule, key.last_modified)
        if expiry is not None:
            response.headers["x-amz-expiration"] = (
                f'expiry-date="{format_datetime(expiry, usegmt=True)}", rule-id="{rule.id}"'
            )
        return


def _tags_of(key: Any) -> dict[str, str]:
    from moto.s3.models import s3_backends

    backend = s3_backends[key.account_id][key.partition]
    return {
        tag["Key"]: tag["Value"] for tag in backend.tagger.list_tags_for_resource(key.arn).get("Tags", [])
    }


def _matches(rule: Any, key: Any, tags: dict[str, str]) -> bool:
    rule_filter = rule.filter
    if rule_filter is None:
        return key.name.startswith(rule.prefix or "")
    if rule_filter.prefix is not None:
        return key.name.startswith(rule_filter.prefix)
    if rule_filter.tag_key:
        return tags.get(rule_filter.tag_key) == (rule_filter.tag_value or "")
    conjunction = rule_filter.and_filter
    if conjunction is None:
        return True  # an empty filter applies to every object
    if not key.name.startswith(conjunction.prefix or ""):
        return False
    return all(tags.get(name) == value for name, value in (conjunction.tags or {}).items())


def _expiry(rule: Any, created: datetime.datetime) -> datetime.datetime | None:
    if rule.expiration_date is not None:
        text = str(rule.expiration_date).replace("Z", "+00:00")
        try:
            moment = datetime.datetime.fromisoformat(text if "T" in text else text + "T00:00:00+00:00")
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)
    try:
        days = int(rule.expiration_days)
    except (TypeError, ValueError):
        return None
    if created.tzinfo is None:
        created = created.replace(tzinfo=datetime.timezone.utc)
    later = created + datetime.timedelta(days=days)
    midnight = later.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight if midnight == later else midnight + datetime.timedelta(days=1)
