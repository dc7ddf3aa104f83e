"""Writes routing-vectors-moto.json: one request per operation of each service moto serves alone, as boto3
signs and sends it, for the edge's routing test. Run by hand after adding a service:

    .venv/bin/python tests/data/generate_routing_vectors.py
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.config import Config

from localstack import constants
from localstack.services.plugins import PACKAGES

OUT = Path(__file__).with_name("routing-vectors-moto.json")


class _Sent(Exception):
    """Raised from before-send: the request was captured and goes no further."""


def minimal_value(shape: Any, depth: int = 0) -> Any:
    """The smallest value of a shape, with every required member (botocore serializes it as boto3 would)."""
    kind = shape.type_name
    if kind == "structure":
        if depth > 6:
            return {}
        return {name: minimal_value(shape.members[name], depth + 1) for name in shape.required_members}
    if kind == "list":
        return [minimal_value(shape.member, depth + 1)] if shape.metadata.get("min", 0) else []
    if kind == "map":
        return {}
    if kind == "string":
        return shape.enum[0] if shape.enum else "x1"
    if kind in ("integer", "long"):
        return max(1, shape.metadata.get("min", 1))
    if kind in ("float", "double"):
        return 1.0
    if kind == "boolean":
        return False
    if kind == "timestamp":
        return datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    if kind == "blob":
        return b"x"
    return "x1"


def vectors_of(service: str) -> list[dict]:
    session = botocore.session.get_session()
    client = session.create_client(
        service,
        region_name=constants.DEFAULT_REGION,
        endpoint_url="http://localhost:4566",
        aws_access_key_id=constants.TEST_ACCESS_KEY_ID,
        aws_secret_access_key=constants.TEST_SECRET_ACCESS_KEY,
        config=Config(inject_host_prefix=False, parameter_validation=False, retries={"max_attempts": 1}),
    )
    captured: list[Any] = []

    def capture(request: Any, **kwargs: Any) -> AWSResponse:
        captured.append(request)
        raise _Sent()

    client.meta.events.register("before-send", capture)
    vectors = []
    model = client.meta.service_model
    for operation in model.operation_names:
        captured.clear()
        method = getattr(client, _snake(client, operation))
        try:
            method(**minimal_value(model.operation_model(operation).input_shape or _Empty()))
        except _Sent:
            pass
        except Exception as error:  # noqa: BLE001 - an operation boto3 cannot even build is left out
            print(f"{service}.{operation}: not built ({type(error).__name__}: {error})", file=sys.stderr)
            continue
        if not captured:
            continue
        request = captured[-1]
        body = request.body or b""
        if hasattr(body, "read"):
            body = body.read()
        if isinstance(body, str):
            body = body.encode()
        headers = {
            k: v.decode() if isinstance(v, bytes) else v
            for k, v in request.headers.items()
            if k.lower() not in ("user-agent", "x-amz-date", "amz-sdk-invocation-id", "amz-sdk-request")
        }
        url = request.url.split("localhost:4566", 1)[1] or "/"
        vectors.append(
            {
                "service": service,
                "operation": operation,
                "method": request.method,
                "url": url,
                "headers": headers,
                "body_head": body[:512].decode("utf-8", "replace"),
            }
        )
    return vectors


class _Empty:
    type_name = "structure"
    required_members: list[str] = []
    members: dict = {}


def _snake(client: Any, operation: str) -> str:
    for name, api in client.meta.method_to_api_mapping.items():
        if api == operation:
            return name
    raise KeyError(operation)


def main() -> None:
    services = [name for name in constants.ALL_SERVICES if name not in PACKAGES]
    vectors = [vector for service in services for vector in vectors_of(service)]
    head = {
        "generated_from": f"botocore {botocore.__version__}",
        "note": "one SigV4-signed request per operation, as boto3 sends it; see generate_routing_vectors.py",
    }
    lines = [json.dumps(vector, sort_keys=True) for vector in vectors]
    # One vector per line: diffs of a regeneration stay readable.
    OUT.write_text(json.dumps(head)[:-1] + ', "vectors": [\n' + ",\n".join(lines) + "\n]}\n")
    print(f"{len(vectors)} vectors of {len(services)} services -> {OUT}")


if __name__ == "__main__":
    main()
