"""Update expressions rewritten into the forms moto's parser executes, once ours has accepted them."""

from __future__ import annotations

from localstack.services.dynamodb.expressions.lexer import tokenize


def without_grouping(source: str) -> str | None:
    """The update expression without its grouping parentheses, or None when it has none. A SET value
    holds at most one `+` or `-` between two operands, so `(a + :v)` and `(a) + (:v)` mean `a + :v`;
    AWS accepts them, moto's parser asserts on them (a 500)."""
    if "(" not in source:
        return None
    tokens = tokenize(source)
    opened: list[bool] = []  # per open parenthesis: is it a function call's?
    dropped: list[tuple[int, int]] = []
    for index, token in enumerate(tokens):
        if token.kind != "punct" or token.text not in "()":
            continue
        if token.text == "(":
            call = index > 0 and tokens[index - 1].kind == "name"
            opened.append(call)
            if not call:
                dropped.append((token.start, token.end))
        elif opened and not opened.pop():
            dropped.append((token.start, token.end))
    if not dropped:
        return None
    text = list(source)
    for start, end in dropped:
        text[start:end] = " " * (end - start)
    return "".join(text)


def transact_without_grouping(items: object) -> list | None:
    """TransactWriteItems with each Update's expression ungrouped, or None when none changes."""
    if not isinstance(items, list):
        return None
    changed = False
    result = []
    for entry in items:
        update = entry.get("Update") if isinstance(entry, dict) else None
        expression = update.get("UpdateExpression") if isinstance(update, dict) else None
        ungrouped = without_grouping(expression) if isinstance(expression, str) else None
        if ungrouped is not None:
            entry = {**entry, "Update": {**update, "UpdateExpression": ungrouped}}
            changed = True
        result.append(entry)
    return result if changed else None
