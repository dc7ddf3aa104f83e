"""Rendering parsed VTL templates: evaluating references, directives and expressions in a scope."""

from __future__ import annotations

from typing import Any

from localstack.services.apigateway.vtl_values import call_method, get_property, render_value, truthy


class Break(Exception):
    """#break: leaves the innermost #foreach (or the template)."""


class VTLError(Exception):
    """A template that cannot be parsed or evaluated."""


def render_nodes(nodes: list, scope: dict, out: list[str]) -> None:
    for node in nodes:
        kind = node[0]
        if kind == "text":
            out.append(node[1])
        elif kind == "ref":
            value = _resolve(node[1], scope)
            if value is None:
                out.append("" if node[2] else node[3])
            else:
                out.append(render_value(value))
        elif kind == "set":
            _assign(node[1], _eval(node[2], scope), scope)
        elif kind == "if":
            for cond, body in node[1]:
                if truthy(_eval(cond, scope)):
                    render_nodes(body, scope, out)
                    break
            else:
                render_nodes(node[2], scope, out)
        elif kind == "foreach":
            _foreach(node, scope, out)
        elif kind == "break":
            raise Break()


def _foreach(node: tuple, scope: dict, out: list[str]) -> None:
    _, var, iterable_expr, body = node
    iterable = _eval(iterable_expr, scope)
    if iterable is None:
        return
    if isinstance(iterable, dict):
        items = list(iterable.values())
    elif isinstance(iterable, (list, tuple, set, frozenset)):
        items = list(iterable)
    elif hasattr(iterable, "__iter__") and not isinstance(iterable, str):
        items = list(iterable)
    else:
        items = [iterable]
    saved = {key: scope.get(key) for key in (var, "foreach", "velocityCount")}
    try:
        for index, item in enumerate(items):
            scope[var] = item
            scope["foreach"] = {
                "index": index,
                "count": index + 1,
                "hasNext": index < len(items) - 1,
                "first": index == 0,
                "last": index == len(items) - 1,
            }
            scope["velocityCount"] = index + 1
            try:
                render_nodes(body, scope, out)
            except Break:
                break
    finally:
        for key, value in saved.items():
            if value is None:
                scope.pop(key, None)
            else:
                scope[key] = value


def _resolve(ref: tuple, scope: dict) -> Any:
    name, parts = ref
    value = scope.get(name)
    for part in parts:
        if value is None:
            return None
        if part[0] == "prop":
            value = get_property(value, part[1])
        elif part[0] == "call":
            value = call_method(value, part[1], [_eval(arg, scope) for arg in part[2]])
        else:
            index = _eval(part[1], scope)
            try:
                value = value[index]
            except (KeyError, IndexError, TypeError):
                return None
    return value


def _assign(ref: tuple, value: Any, scope: dict) -> None:
    name, parts = ref
    if not parts:
        scope[name] = value
        return
    container = _resolve((name, parts[:-1]), scope)
    last = parts[-1]
    key = last[1] if last[0] == "prop" else _eval(last[1], scope) if last[0] == "index" else None
    if isinstance(container, dict) and key is not None:
        container[key] = value
    elif isinstance(container, list) and isinstance(key, int) and -len(container) <= key < len(container):
        container[key] = value


def _eval(expr: tuple, scope: dict) -> Any:
    kind = expr[0]
    if kind == "lit":
        return expr[1]
    if kind == "refexpr":
        return _resolve(expr[1], scope)
    if kind == "interp":
        out: list[str] = []
        render_nodes(expr[1], scope, out)
        return "".join(out)
    if kind == "list":
        return [_eval(item, scope) for item in expr[1]]
    if kind == "map":
        return {_eval(k, scope): _eval(v, scope) for k, v in expr[1]}
    if kind == "range":
        first, last = int(_eval(expr[1], scope)), int(_eval(expr[2], scope))
        step = 1 if last >= first else -1
        return list(range(first, last + step, step))
    if kind == "not":
        return not truthy(_eval(expr[1], scope))
    if kind == "neg":
        value = _eval(expr[1], scope)
        return -value if isinstance(value, (int, float)) else None
    if kind == "op":
        return _binary(expr[1], expr[2], expr[3], scope)
    raise VTLError(f"unknown expression {kind}")


def _binary(op: str, left_expr: tuple, right_expr: tuple, scope: dict) -> Any:
    if op in ("&&", "and"):
        return truthy(_eval(left_expr, scope)) and truthy(_eval(right_expr, scope))
    if op in ("||", "or"):
        return truthy(_eval(left_expr, scope)) or truthy(_eval(right_expr, scope))
    left, right = _eval(left_expr, scope), _eval(right_expr, scope)
    if op in ("==", "eq"):
        return _equal(left, right)
    if op in ("!=", "ne"):
        return not _equal(left, right)
    if op == "+" and (isinstance(left, str) or isinstance(right, str)):
        return render_value(left) + render_value(right)
    if not _is_number(left) or not _is_number(right):
        if op in ("<", ">", "<=", ">=", "lt", "gt", "le", "ge") and isinstance(left, str):
            return _compare(op, left, right if isinstance(right, str) else render_value(right))
        return None
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        if right == 0:
            return None
        return left // right if isinstance(left, int) and isinstance(right, int) else left / right
    if op == "%":
        return None if right == 0 else left % right
    return _compare(op, left, right)


def _compare(op: str, left: Any, right: Any) -> bool:
    if op in ("<", "lt"):
        return left < right
    if op in (">", "gt"):
        return left > right
    if op in ("<=", "le"):
        return left <= right
    return left >= right


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _equal(left: Any, right: Any) -> bool:
    if _is_number(left) and _is_number(right):
        return left == right
    if isinstance(left, str) != isinstance(right, str) and left is not None and right is not None:
        # Velocity compares the string forms of values of different types.
        return render_value(left) == render_value(right)
    return left == right
