"""Route 53's refusals that moto answers otherwise: a reused CreateHostedZone caller reference, a change
batch checked as a whole against the zone's record sets before any of it is applied, a private zone's
VPC that does not exist, and the deletion of a zone that still holds records."""

from __future__ import annotations

import ipaddress
import xml.etree.ElementTree as ElementTree
from typing import Any, Callable, Iterable

from localstack.utils.aws.errors import AWSError

# A record set is identified by its name, type and (for routing policies) set identifier.
RecordKey = tuple[str, str, str | None]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _child(element: ElementTree.Element, name: str) -> ElementTree.Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element: ElementTree.Element | None, name: str) -> str | None:
    child = _child(element, name) if element is not None else None
    return child.text.strip() if child is not None and child.text is not None else None


def parse(data: bytes) -> ElementTree.Element | None:
    """The request's document, or None when it is not XML (the model check answers that)."""
    try:
        return ElementTree.fromstring(data) if data else None
    except ElementTree.ParseError:
        return None


def check_caller_reference(zones: Iterable[Any], document: ElementTree.Element | None) -> None:
    """A caller reference makes one hosted zone: a retry with it is refused, not a second zone."""
    reference = _text(document, "CallerReference")
    if reference is None:
        return
    if any(getattr(zone, "caller_reference", None) == reference for zone in zones):
        raise AWSError(
            "HostedZoneAlreadyExists",
            "A hosted zone has already been created with the specified caller reference.",
            409,
        )


def check_zone_vpc(document: ElementTree.Element | None, vpc_exists: Callable[[str, str], bool]) -> None:
    """A private zone's VPC must exist in the region it names (recorded from AWS)."""
    vpc = _child(document, "VPC") if document is not None else None
    vpc_id, region = _text(vpc, "VPCId"), _text(vpc, "VPCRegion")
    if vpc_id and region and not vpc_exists(region, vpc_id):
        raise AWSError("InvalidVPCId", "The VPC ID is invalid.")


def absolute(name: str) -> str:
    """A DNS name as Route 53 stores and reports it: lower case, ending with a dot, `*` as `\\052`."""
    name = name.strip().lower()
    return name if name.endswith(".") else name + "."


def _describe(key: RecordKey) -> str:
    name, type_, identifier = key
    described = f"[name='{name}', type='{type_}'"
    if identifier is not None:
        described += f", set-identifier='{identifier}'"
    return described + "]"


def _record(element: ElementTree.Element) -> tuple[RecordKey, dict[str, Any]]:
    name = absolute(_text(element, "Name") or "")
    type_ = _text(element, "Type") or ""
    identifier = _text(element, "SetIdentifier")
    records = _child(element, "ResourceRecords")
    values = []
    if records is not None:
        values = [_text(record, "Value") or "" for record in records]
    alias = _child(element, "AliasTarget")
    ttl = _text(element, "TTL")
    content = {
        "ttl": int(ttl) if ttl is not None and ttl.isdigit() else ttl,
        "values": sorted(values),
        "alias": _text(alias, "DNSName").lower().rstrip(".")
        if alias is not None and _text(alias, "DNSName")
        else None,
    }
    return (name, type_, identifier), content


def _stored(record_set: Any) -> tuple[RecordKey, dict[str, Any]]:
    alias = record_set.alias_target or None
    ttl = record_set.ttl
    content = {
        "ttl": int(ttl) if isinstance(ttl, str) and ttl.isdigit() else ttl,
        "values": sorted(
            str(value.get("Value", "")) if isinstance(value, dict) else str(value)
            for value in record_set.records or []
        ),
        "alias": str(alias.get("DNSName", "")).lower().rstrip(".") if isinstance(alias, dict) else None,
    }
    return (absolute(record_set.name), record_set.type, record_set.set_identifier), content


def _value_problem(type_: str, value: str) -> str | None:
    """The resolver's sentence for a value that is not of the record's type, where Route 53 checks it."""
    if type_ == "A":
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            return f"ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '{value}'"
    elif type_ == "AAAA":
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            return (
                f"AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address) encountered with '{value}'"
            )
    return None


def check_change_batch(zone: Any, document: ElementTree.Element | None) -> None:
    """Every change of the batch against the zone as the earlier changes leave it; Route 53 applies
    all of them or none and answers InvalidChangeBatch with every problem it found, in order."""
    batch = _child(document, "ChangeBatch") if document is not None else None
    changes = _child(batch, "Changes") if batch is not None else None
    if changes is None:
        return
    zone_name = absolute(zone.name)
    current = dict(_stored(record_set) for record_set in zone.rrsets)
    problems: list[str] = []
    for change in changes:
        action = _text(change, "Action")
        element = _child(change, "ResourceRecordSet")
        if element is None or action not in ("CREATE", "UPSERT", "DELETE"):
            continue  # the model check refuses these in its own words
        key, content = _record(element)
        name, type_, _ = key
        if name != zone_name and not name.endswith("." + zone_name):
            problems.append(f"RRSet with DNS name {name} is not permitted in zone {zone_name}")
            continue
        if action != "DELETE":
            bad = [p for p in (_value_problem(type_, value) for value in content["values"]) if p]
            if bad:
                problems.extend(f"Invalid Resource Record: 'FATAL problem: {problem}'" for problem in bad)
                continue
        if action == "CREATE" and key in current:
            problems.append(f"Tried to create resource record set {_describe(key)} but it already exists")
        elif action == "DELETE" and key not in current:
            problems.append(f"Tried to delete resource record set {_describe(key)} but it was not found")
        elif action == "DELETE" and current[key] != content:
            problems.append(
                f"Tried to delete resource record set {_describe(key)} "
                "but the values provided do not match the current values"
            )
        elif action == "DELETE":
            del current[key]
        else:
            current[key] = content
    if problems:
        raise AWSError("InvalidChangeBatch", "[" + ", ".join(problems) + "]")


def check_zone_deletion(zone: Any) -> None:
    """A zone is deleted only when it holds nothing but its own SOA and NS records."""
    apex = absolute(zone.name)
    for record_set in zone.rrsets:
        if not (absolute(record_set.name) == apex and record_set.type in ("SOA", "NS")):
            raise AWSError(
                "HostedZoneNotEmpty",
                "The specified hosted zone contains non-required resource record sets and so cannot be "
                "deleted.",
            )
