"""Exists matching sees leaves only: an object at a pattern's path is an intermediate node, absent for
`exists` (EventBridge user guide's own example: {"c-count": [{"exists": false}]} matches
{"c-count": {"c1": 100}})."""

from __future__ import annotations

from localstack.utils.aws.event_patterns import matches

EVENT = {"detail": {"c-count": {"c1": 100}, "items": [{"a": 1}], "mixed": [{"a": 1}, "x"], "d-count": 3}}


def test_exists_false_matches_an_intermediate_node() -> None:
    assert matches({"detail": {"c-count": [{"exists": False}]}}, EVENT)
    assert not matches({"detail": {"c-count": [{"exists": True}]}}, EVENT)


def test_an_array_of_objects_has_no_leaf_but_scalars_in_it_do() -> None:
    assert matches({"detail": {"items": [{"exists": False}]}}, EVENT)
    assert matches({"detail": {"mixed": [{"exists": True}]}}, EVENT)
    assert matches({"detail": {"mixed": ["x"]}}, EVENT)


def test_leaves_below_the_node_still_match() -> None:
    assert matches({"detail": {"c-count": {"c1": [{"exists": True}]}}}, EVENT)
    assert matches({"detail": {"d-count": [{"exists": True}]}}, EVENT)
