"""The lifecycle configuration rules S3 refuses before it stores them: rule ids (length, uniqueness),
statuses, expiration days and dates, noncurrent and multipart-abort days, transitions, and the actions a
tag filter cannot carry; and the id S3 gives a rule sent without one."""

from __future__ import annotations

import base64
import re
import uuid
import xml.etree.ElementTree as ElementTree
from typing import Any, Callable

from localstack.services.s3.s3_errors import S3Error

MALFORMED_XML = "The XML you provided was not well-formed or did not validate against our published schema"
MAX_RULE_ID = 255
_INFREQUENT_ACCESS = ("STANDARD_IA", "ONEZONE_IA")
# An ISO 8601 date, or a date and time at midnight (GMT).
_MIDNIGHT = re.compile(r"\d{4}-\d{2}-\d{2}(T00:00:00(\.0+)?(Z|[+-]00:?00)?)?")
# Positive-integer fields: (action element, day element) -> the message AWS answers for 0 or less.
_POSITIVE_DAYS = {
    ("Expiration", "Days"): "'Days' for Expiration action must be a positive integer",
    ("NoncurrentVersionExpiration", "NoncurrentDays"): (
        "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer"
    ),
    ("AbortIncompleteMultipartUpload", "DaysAfterInitiation"): (
        "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer"
    ),
}


def _name(element: ElementTree.Element) -> str:
    return element.tag.rpartition("}")[2]


def _child(element: ElementTree.Element, name: str) -> ElementTree.Element | None:
    return next((child for child in element if _name(child) == name), None)


def _text(element: ElementTree.Element | None) -> str | None:
    return None if element is None else (element.text or "").strip()


def _invalid_argument(message: str) -> S3Error:
    return S3Error("InvalidArgument", message)


def check_rules(root: ElementTree.Element) -> None:
    """Each rule of a parsed LifecycleConfiguration, in AWS's order of checks."""
    seen: set[str] = set()
    for rule in root:
        if _name(rule) != "Rule":
            continue
        if _text(_child(rule, "Status")) not in ("Enabled", "Disabled"):
            raise S3Error("MalformedXML", MALFORMED_XML)
        rule_id = _text(_child(rule, "ID"))
        if rule_id:
            if len(rule_id) > MAX_RULE_ID:
                raise _invalid_argument("ID length should not exceed allowed limit of 255")
            if rule_id in seen:
                raise _invalid_argument("Rule ID must be unique. Found same ID for more than one rule")
            seen.add(rule_id)
        _check_filter(_child(rule, "Filter"))
        noncurrent = _child(rule, "NoncurrentVersionExpiration")
        if noncurrent is not None and _child(noncurrent, "NoncurrentDays") is None:
            raise S3Error("MalformedXML", MALFORMED_XML)
        _check_expiration(_child(rule, "Expiration"))
        for (action, field), message in _POSITIVE_DAYS.items():
            days = _text(_child(_child(rule, action), field)) if _child(rule, action) is not None else None
            if days is not None and (not days.lstrip("-").isdigit() or int(days) <= 0):
                raise _invalid_argument(message)
        _check_transitions(rule)
        _check_tag_filter(rule)


def _check_expiration(expiration: ElementTree.Element | None) -> None:
    if expiration is None:
        return
    given = [
        name for name in ("Days", "Date", "ExpiredObjectDeleteMarker") if _child(expiration, name) is not None
    ]
    if len(given) > 1:
        raise S3Error("MalformedXML", MALFORMED_XML)
    date = _text(_child(expiration, "Date"))
    if date is not None and not _MIDNIGHT.fullmatch(date):
        raise S3Error(
            "InvalidArgument", "'Date' must be at midnight GMT", ArgumentName="Date", ArgumentValue=date
        )


_PREDICATES = ("Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan")


def _check_filter(rule_filter: ElementTree.Element | None) -> None:
    """An And joins two predicates or more; tag keys of a filter are unique (S3's recorded answers)."""
    if rule_filter is None:
        return
    conjunction = _child(rule_filter, "And")
    if conjunction is None:
        return
    if sum(1 for child in conjunction if _name(child) in _PREDICATES) < 2:
        raise S3Error("MalformedXML", MALFORMED_XML)
    keys = [_text(_child(tag, "Key")) for tag in conjunction if _name(tag) == "Tag"]
    if len(keys) != len(set(keys)):
        raise S3Error("InvalidRequest", "Duplicate Tag Keys are not allowed.")


def _check_transitions(rule: ElementTree.Element) -> None:
    """Objects stay 30 days in S3 Standard (noncurrent versions 30 days noncurrent) before an
    infrequent-access class takes them; each transition of a rule goes to its own class."""
    for action, days_field in (("Transition", "Days"), ("NoncurrentVersionTransition", "NoncurrentDays")):
        classes: set[str | None] = set()
        for transition in rule:
            if _name(transition) != action:
                continue
            storage_class = _text(_child(transition, "StorageClass"))
            if storage_class in classes:
                raise _invalid_argument(
                    f"'StorageClass' must be different for '{action}' actions in same 'Rule'"
                )
            classes.add(storage_class)
            days = _text(_child(transition, days_field))
            if storage_class in _INFREQUENT_ACCESS and days and days.isdigit() and int(days) < 30:
                raise _invalid_argument(
                    f"'{days_field}' in {action} action must be greater than or equal to 30 for storageClass "
                    f"'{storage_class}'"
                )


def _tags_in_filter(rule: ElementTree.Element) -> bool:
    rule_filter = _child(rule, "Filter")
    if rule_filter is None:
        return False
    if _child(rule_filter, "Tag") is not None:
        return True
    conjunction = _child(rule_filter, "And")
    return conjunction is not None and _child(conjunction, "Tag") is not None


def _check_tag_filter(rule: ElementTree.Element) -> None:
    """A tag filter selects objects; actions on uploads and delete markers have no tags to match."""
    if not _tags_in_filter(rule):
        return
    if _child(rule, "AbortIncompleteMultipartUpload") is not None:
        raise S3Error("InvalidRequest", "AbortIncompleteMultipartUpload cannot be specified with Tags.")
    expiration = _child(rule, "Expiration")
    if expiration is not None and _child(expiration, "ExpiredObjectDeleteMarker") is not None:
        raise S3Error("InvalidRequest", "ExpiredObjectDeleteMarker cannot be specified with Tags.")


def with_rule_ids(set_lifecycle: Callable[..., None]) -> Callable[..., None]:
    """moto's FakeBucket.set_lifecycle, giving each rule sent without an ID one, as S3 does (a base64
    string of 48 characters)."""

    def set_with_ids(bucket: Any, rules: list[dict[str, Any]]) -> None:
        for rule in rules:
            if isinstance(rule, dict) and not rule.get("ID"):
                rule["ID"] = base64.b64encode(str(uuid.uuid4()).encode()).decode()[:48]
        set_lifecycle(bucket, rules)

    return set_with_ids
