"""The JSONPath subset shared by API Gateway templates and EventBridge input paths."""

import pytest

from localstack.utils.json_path import JSONPathError, Recursive, find, parse

DOC = {"a": [{"b": 1}, {"b": 2}], "c d": {"e": None}, "x/y": {"k:v": 3}, "deep": {"n": {"b": 9}}}


def test_parse_segments():
    assert parse("$") == ()
    assert parse("$.a[0].b") == ("a", 0, "b")
    assert parse("$['c d'].e") == ("c d", "e")
    assert parse("$.a[*].b") == ("a", "*", "b")
    assert parse("$..b") == (Recursive("b"),)
    assert parse("$.x/y.k:v") == ("x/y", "k:v")


@pytest.mark.parametrize("path", ["a.b", "$.", "$[x]", "$.a[", ""])
def test_parse_rejects_what_is_not_in_the_subset(path):
    with pytest.raises(JSONPathError):
        parse(path)


def test_recursive_descent_only_where_allowed():
    with pytest.raises(JSONPathError):
        parse("$..b", recursive=False)


@pytest.mark.parametrize(
    "path, values, multiple",
    [
        ("$", [DOC], False),
        ("$.a[1].b", [2], False),
        ("$.a[-1].b", [2], False),
        ("$.a[5]", [], False),
        ("$.a[*].b", [1, 2], True),
        ("$['c d'].e", [None], False),
        ("$..b", [1, 2, 9], True),
        ("$.nope.deeper", [], False),
        ("$.x/y.k:v", [3], False),
    ],
)
def test_find(path, values, multiple):
    assert find(DOC, parse(path)) == (values, multiple)
