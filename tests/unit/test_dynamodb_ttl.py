"""UpdateTimeToLive's rules (their order, the hourly cooldown) and which items count as expired."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from localstack.services.dynamodb import ttl
from localstack.services.dynamodb.expressions.request import RequestInvalid

NOW = 2_000_000_000.0


def _table(status: str = "DISABLED", attribute: str | None = None, changed_at: float | None = None):
    table = SimpleNamespace(ttl={"TimeToLiveStatus": status})
    if attribute:
        table.ttl["AttributeName"] = attribute
    if changed_at is not None:
        ttl.record_change(table, changed_at)
    return table


def _refused(table, enabled: bool, name: str, internal: bool = False) -> str:
    body = {"TimeToLiveSpecification": {"Enabled": enabled, "AttributeName": name}}
    with pytest.raises(RequestInvalid) as info:
        ttl.check_update(table, body, internal, NOW)
    return str(info.value)


def _accepted(table, enabled: bool, name: str, internal: bool = False) -> None:
    ttl.check_update(
        table, {"TimeToLiveSpecification": {"Enabled": enabled, "AttributeName": name}}, internal, NOW
    )


def test_content_rules_come_before_the_cooldown():
    just_changed = _table("ENABLED", "exp", changed_at=NOW - 5)
    assert _refused(just_changed, True, "exp") == "TimeToLive is already enabled"
    assert _refused(just_changed, True, "b") == (
        "TimeToLive is active on a different AttributeName: current AttributeName is exp"
    )
    assert _refused(just_changed, False, "b") == (
        "TimeToLive is active on a different AttributeName: current AttributeName is exp"
    )
    assert _refused(_table(changed_at=NOW - 5), False, "exp") == "TimeToLive is already disabled"


def test_one_change_in_about_half_an_hour():
    assert _refused(_table("ENABLED", "exp", changed_at=NOW - ttl.COOLDOWN + 1), False, "exp") == (
        "Time to live has been modified multiple times within a fixed interval"
    )
    _accepted(_table("ENABLED", "exp", changed_at=NOW - ttl.COOLDOWN), False, "exp")
    _accepted(_table(), True, "exp")  # never changed
    _accepted(_table("ENABLED", "exp", changed_at=NOW - 5), False, "exp", internal=True)


def _item(**attributes):
    values = {name: SimpleNamespace(type=kind, value=value) for name, (kind, value) in attributes.items()}
    return SimpleNamespace(attrs=values)


@pytest.mark.parametrize(
    "value,expired",
    [
        (("N", str(int(NOW) - 1)), True),
        (("N", str(NOW - 0.5)), True),
        (("N", str(int(NOW))), False),  # expires when the time is past, not at it
        (("N", str(int(NOW) + 60)), False),
        (("N", str(int(NOW) - ttl.MAX_AGE)), True),
        (("N", str(int(NOW) - ttl.MAX_AGE - 1)), False),  # more than five years past: never expired
        (("S", str(int(NOW) - 60)), False),
        (("NS", [str(int(NOW) - 60)]), False),
        (("N", str(int(NOW) * 1000)), False),  # milliseconds are far in the future
    ],
)
def test_what_counts_as_expired(value, expired):
    assert ttl.is_expired(_item(exp=value), "exp", NOW) is expired


def test_an_item_without_the_attribute_never_expires():
    assert ttl.expiry_time(_item(other=("N", "1")), "exp") is None
    assert not ttl.is_expired(_item(other=("N", "1")), "exp", NOW)
