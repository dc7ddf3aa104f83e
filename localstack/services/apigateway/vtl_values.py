"""How VTL sees Python values: Java-style properties, methods of strings, lists and maps, and output."""

from __future__ import annotations

import json
from typing import Any


def truthy(value: Any) -> bool:
    """Velocity 1.7: only null and false are false."""
    return value is not None and value is not False


def render_value(value: Any) -> str:
    """A value as Java's toString() would print it."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{render_value(k)}={render_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render_value(v) for v in value) + "]"
    return str(value)


def get_property(value: Any, name: str) -> Any:
    """`$x.name`: a map key, a getter (`getName()`/`isName()`), a zero-argument method or attribute."""
    if isinstance(value, dict):
        return value.get(name)
    if isinstance(value, (str, list, tuple)):
        if name in ("empty",):
            return len(value) == 0
        if name in ("size", "length"):
            return len(value)
        return None
    getter = getattr(value, "vtl_property", None)
    if getter is not None:
        return getter(name)
    if not name.startswith("_"):
        return getattr(value, name, None)
    return None


def call_method(value: Any, name: str, args: list[Any]) -> Any:
    """`$x.name(args)` for strings, lists, maps and our own objects; None if it does not apply."""
    try:
        if isinstance(value, str):
            return _string_method(value, name, args)
        if isinstance(value, list):
            return _list_method(value, name, args)
        if isinstance(value, dict):
            return _map_method(value, name, args)
        if not name.startswith("_"):
            method = getattr(value, name, None)
            if callable(method):
                return method(*args)
    except (TypeError, ValueError, IndexError, AttributeError):
        return None
    return None


def _string_method(s: str, name: str, args: list[Any]) -> Any:
    if name == "length":
        return len(s)
    if name == "isEmpty":
        return len(s) == 0
    if name in ("toLowerCase", "toUpperCase"):
        return s.lower() if name == "toLowerCase" else s.upper()
    if name == "trim":
        return s.strip()
    if name == "substring":
        return s[args[0] : args[1]] if len(args) > 1 else s[args[0] :]
    if name == "indexOf":
        return s.find(str(args[0]))
    if name == "lastIndexOf":
        return s.rfind(str(args[0]))
    if name == "contains":
        return str(args[0]) in s
    if name == "startsWith":
        return s.startswith(str(args[0]))
    if name == "endsWith":
        return s.endswith(str(args[0]))
    if name in ("equals", "equalsIgnoreCase"):
        other = render_value(args[0]) if args[0] is not None else None
        return s == other if name == "equals" else s.lower() == (other or "").lower()
    if name == "replace":
        return s.replace(str(args[0]), str(args[1]))
    if name == "replaceAll":
        import re

        return re.sub(str(args[0]), str(args[1]).replace("$", "\\"), s)
    if name == "split":
        import re

        return re.split(str(args[0]), s)
    if name == "charAt":
        return s[args[0]]
    if name == "toString":
        return s
    if name == "matches":
        import re

        return re.fullmatch(str(args[0]), s) is not None
    return None


def _list_method(items: list, name: str, args: list[Any]) -> Any:
    if name == "size":
        return len(items)
    if name == "isEmpty":
        return not items
    if name == "get":
        return items[args[0]]
    if name == "contains":
        return args[0] in items
    if name == "add":
        if len(args) == 2:
            items.insert(args[0], args[1])
        else:
            items.append(args[0])
        return True
    if name == "addAll":
        items.extend(args[0])
        return True
    if name == "remove":
        return items.pop(args[0]) if isinstance(args[0], int) else items.remove(args[0])
    if name == "indexOf":
        return items.index(args[0]) if args[0] in items else -1
    if name == "set":
        items[args[0]] = args[1]
        return None
    if name == "toString":
        return render_value(items)
    return None


def _map_method(mapping: dict, name: str, args: list[Any]) -> Any:
    if name == "get":
        return mapping.get(args[0])
    if name == "getOrDefault":
        return mapping.get(args[0], args[1])
    if name == "put":
        previous = mapping.get(args[0])
        mapping[args[0]] = args[1]
        return previous
    if name == "putAll":
        mapping.update(args[0])
        return None
    if name == "containsKey":
        return args[0] in mapping
    if name == "containsValue":
        return args[0] in mapping.values()
    if name == "keySet":
        return list(mapping.keys())
    if name == "values":
        return list(mapping.values())
    if name == "entrySet":
        return [{"key": k, "value": v} for k, v in mapping.items()]
    if name == "size":
        return len(mapping)
    if name == "isEmpty":
        return not mapping
    if name == "remove":
        return mapping.pop(args[0], None)
    if name == "toString":
        return render_value(mapping)
    return None


def to_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
