"""Function code for the Lambda invoke tests, and helpers to zip it and create functions from it."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def zip_files(files: dict[str, str | bytes], executable: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o755 if name in executable else 0o644) << 16
            archive.writestr(info, content)
    return buffer.getvalue()


# A Python function, handler `h.h`, that answers its event.
ECHO_SOURCE = "def h(event, context):\n    return event\n"


def echo_zip() -> bytes:
    return zip_files({"h.py": ECHO_SOURCE})


def source(name: str) -> str:
    return (HERE / name).read_text()


def zip_of(*names: str, rename: dict[str, str] | None = None) -> bytes:
    """A zip of files from this directory; `rename` maps a file to its name inside the zip."""
    rename = rename or {}
    return zip_files({rename.get(name, name): source(name) for name in names}, executable=("bootstrap",))


def create_function(
    client: Any,
    name: str,
    runtime: str,
    handler: str,
    code: bytes,
    cleanup: list[Callable[[], Any]],
    **extra: Any,
) -> dict:
    created = client.create_function(
        FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler, Code={"ZipFile": code}, **extra
    )
    cleanup.append(lambda: client.delete_function(FunctionName=name))
    return created


def invoke_json(client: Any, name: str, event: Any = None, **kwargs: Any) -> tuple[dict, Any]:
    payload = json.dumps(event if event is not None else {}).encode()
    response = client.invoke(FunctionName=name, Payload=payload, **kwargs)
    body = response["Payload"].read()
    return response, json.loads(body) if body else None


def poll(check: Callable[[], Any], timeout: float = 10.0, interval: float = 0.1) -> Any:
    """The first truthy answer of `check` within `timeout` seconds (asynchronous effects)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)
