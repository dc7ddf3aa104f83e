"""Which attributes a PartiQL clause names, as the index-projection rules read them."""

from __future__ import annotations

import pytest

from localstack.services.dynamodb.partiql_indexes import _TOKEN, _top_names


@pytest.mark.parametrize(
    "clause,names",
    [
        ("gsiPk = 'x' AND other = 'y'", ["gsiPk", "other"]),
        ('"quoted name" = 1 OR plain IS MISSING', ["quoted name", "plain"]),
        ("begins_with(attr, 'a') AND m.nested = 1", ["attr", "m"]),
        ("l[0] = 1 AND size(s) > 2 AND NOT flag = true", ["l", "s", "flag"]),
        ("x IN ['a', 'b'] AND y BETWEEN 1 AND 2", ["x", "y"]),
        ("text = 'AND OR words in a string'", ["text"]),
    ],
)
def test_names_of_a_clause(clause, names):
    assert _top_names(_TOKEN.findall(clause)) == names
