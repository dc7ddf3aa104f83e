"""The shared EventBridge / SNS pattern matcher: one test per operator, plus nesting and $or."""

import pytest

from localstack.utils.aws.event_patterns import PatternError, matches, validate

EVENT = {
    "source": "shop.orders",
    "detail-type": "OrderPlaced",
    "detail": {
        "price": 42.5,
        "count": 3,
        "state": "PAID",
        "tags": ["gift", "express"],
        "ip": "10.0.1.7",
        "customer": {"tier": "gold", "email": "Ann@Example.com"},
        "note": None,
        "flag": True,
    },
}


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ({"source": ["shop.orders"]}, True),
        ({"source": ["other", "shop.orders"]}, True),
        ({"source": ["other"]}, False),
        ({"detail": {"count": [3]}}, True),
        ({"detail": {"count": [3.0]}}, True),
        ({"detail": {"count": ["3"]}}, False),
        ({"detail": {"note": [None]}}, True),
        ({"detail": {"flag": [True]}}, True),
        ({"detail": {"flag": [1]}}, False),
        ({"detail": {"tags": ["express"]}}, True),
        ({"detail": {"tags": ["none"]}}, False),
    ],
)
def test_exact_values(pattern, expected):
    assert matches(pattern, EVENT) is expected


def test_prefix_and_suffix():
    assert matches({"source": [{"prefix": "shop."}]}, EVENT)
    assert not matches({"source": [{"prefix": "orders"}]}, EVENT)
    assert matches({"source": [{"suffix": ".orders"}]}, EVENT)
    assert not matches({"detail": {"count": [{"prefix": "3"}]}}, EVENT)
    assert matches({"source": [{"prefix": {"equals-ignore-case": "SHOP"}}]}, EVENT)


def test_anything_but():
    assert matches({"detail": {"state": [{"anything-but": "REFUNDED"}]}}, EVENT)
    assert not matches({"detail": {"state": [{"anything-but": ["PAID", "X"]}]}}, EVENT)
    assert matches({"detail": {"count": [{"anything-but": [1, 2]}]}}, EVENT)
    assert not matches({"detail": {"state": [{"anything-but": {"prefix": "PA"}}]}}, EVENT)
    assert matches({"detail": {"state": [{"anything-but": {"suffix": "X"}}]}}, EVENT)
    assert not matches({"detail": {"missing": [{"anything-but": "x"}]}}, EVENT)


def test_numeric_ranges():
    assert matches({"detail": {"price": [{"numeric": [">", 40, "<=", 42.5]}]}}, EVENT)
    assert not matches({"detail": {"price": [{"numeric": [">", 42.5]}]}}, EVENT)
    assert matches({"detail": {"count": [{"numeric": ["=", 3]}]}}, EVENT)
    assert not matches({"detail": {"state": [{"numeric": [">", 0]}]}}, EVENT)


def test_exists():
    assert matches({"detail": {"state": [{"exists": True}]}}, EVENT)
    assert not matches({"detail": {"missing": [{"exists": True}]}}, EVENT)
    assert matches({"detail": {"missing": [{"exists": False}]}}, EVENT)
    assert not matches({"detail": {"state": [{"exists": False}]}}, EVENT)
    assert matches({"nothing": {"deeper": [{"exists": False}]}}, EVENT)


def test_equals_ignore_case_wildcard_and_cidr():
    assert matches({"detail": {"customer": {"email": [{"equals-ignore-case": "ann@example.COM"}]}}}, EVENT)
    assert matches({"detail-type": [{"wildcard": "Order*"}]}, EVENT)
    assert matches({"source": [{"wildcard": "*.ord*s"}]}, EVENT)
    assert not matches({"source": [{"wildcard": "shop"}]}, EVENT)
    assert matches({"detail": {"ip": [{"cidr": "10.0.0.0/16"}]}}, EVENT)
    assert not matches({"detail": {"ip": [{"cidr": "192.168.0.0/16"}]}}, EVENT)


def test_or_and_nesting():
    pattern = {
        "source": ["shop.orders"],
        "$or": [{"detail": {"state": ["REFUNDED"]}}, {"detail": {"customer": {"tier": ["gold"]}}}],
    }
    assert matches(pattern, EVENT)
    pattern["$or"][1] = {"detail": {"customer": {"tier": ["silver"]}}}
    assert not matches(pattern, EVENT)


def test_arrays_of_objects_match_any_element():
    event = {"items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 5}]}
    assert matches({"items": {"sku": ["b"]}}, event)
    assert not matches({"items": {"sku": ["c"]}}, event)


@pytest.mark.parametrize(
    "pattern",
    [
        [],
        {"source": "shop"},
        {"source": []},
        {"source": [{"nope": 1}]},
        {"source": [{"prefix": "a", "suffix": "b"}]},
        {"n": [{"numeric": [">", "x"]}]},
        {"n": [{"numeric": ["!", 1]}]},
        {"n": [{"exists": "yes"}]},
        {"ip": [{"cidr": "not-a-net"}]},
        {"$or": [{"a": ["b"]}]},
    ],
)
def test_invalid_patterns_are_rejected(pattern):
    with pytest.raises(PatternError):
        validate(pattern)


def test_valid_pattern_passes_validation():
    validate({"source": ["a", {"prefix": "b"}], "detail": {"n": [{"numeric": [">=", 1, "<", 2]}]}})


def test_an_empty_array_does_not_exist() -> None:
    event = {"detail": {"tags": [], "named": ["a"]}}
    assert matches({"detail": {"tags": [{"exists": False}]}}, event)
    assert not matches({"detail": {"tags": [{"exists": True}]}}, event)
    assert matches({"detail": {"named": [{"exists": True}]}}, event)
    assert not matches({"detail": {"tags": [{"anything-but": "x"}]}}, event)
