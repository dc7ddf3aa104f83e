"""Every request of ../shared/routing-vectors.json (botocore-generated) routes to its service."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest
from werkzeug.datastructures import Headers

from localstack.services import edge_rules
from localstack.utils.http import Request

DEFAULT_HOST = "localhost:4566"


def _vectors_path() -> Path:
    override = os.environ.get("ROUTING_VECTORS")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3] / "shared" / "routing-vectors.json"


def _load_vectors() -> list[dict]:
    path = _vectors_path()
    if not path.is_file():
        return []
    return json.loads(path.read_text())["vectors"]


VECTORS = _load_vectors()
BY_SERVICE: dict[str, list[dict]] = defaultdict(list)
for _vector in VECTORS:
    BY_SERVICE[_vector["service"]].append(_vector)


def request_of(vector: dict) -> Request:
    headers = Headers()
    for name, value in vector["headers"].items():
        headers.add(name, value)
    if "Host" not in headers:
        headers["Host"] = DEFAULT_HOST
    return Request(vector["method"], vector["url"], vector["body_head"].encode("utf-8"), headers)


@pytest.mark.skipif(not VECTORS, reason=f"routing vectors not found at {_vectors_path()}")
def test_vector_file_is_complete():
    assert len(VECTORS) == 2805
    assert len(BY_SERVICE) == 29


@pytest.mark.skipif(not VECTORS, reason=f"routing vectors not found at {_vectors_path()}")
@pytest.mark.parametrize("service", sorted(BY_SERVICE) or ["none"])
def test_vectors_route_to_their_service(service: str):
    failures = []
    for vector in BY_SERVICE[service]:
        got = edge_rules.route(request_of(vector))
        if got != service:
            failures.append(f"{vector['operation']}: {vector['method']} {vector['url'][:80]} -> {got}")
    assert not failures, f"{len(failures)} of {len(BY_SERVICE[service])} misrouted:\n" + "\n".join(failures)


# The services moto serves alone: vectors generated into the project (tests/data/generate_routing_vectors.py).
MOTO_VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "routing-vectors-moto.json").read_text()
)["vectors"]
MOTO_BY_SERVICE: dict[str, list[dict]] = defaultdict(list)
for _vector in MOTO_VECTORS:
    MOTO_BY_SERVICE[_vector["service"]].append(_vector)


def test_moto_vectors_cover_every_service_without_a_package():
    from localstack import constants
    from localstack.services.plugins import PACKAGES

    # Services with a patches-only package (ecs, ecr, glue, rds, sagemaker) are still served by moto alone.
    assert set(MOTO_BY_SERVICE) >= {name for name in constants.ALL_SERVICES if name not in PACKAGES}
    assert set(MOTO_BY_SERVICE) <= set(constants.ALL_SERVICES)


# Requests that are byte for byte the same for both Timestream APIs (AWS tells them apart by host, which
# a local endpoint does not have): they go to the write API.
AMBIGUOUS = {
    ("timestream-query", op)
    for op in ("DescribeEndpoints", "ListTagsForResource", "TagResource", "UntagResource")
}


@pytest.mark.parametrize("service", sorted(MOTO_BY_SERVICE))
def test_moto_vectors_route_to_their_service(service: str):
    failures = []
    for vector in MOTO_BY_SERVICE[service]:
        if (service, vector["operation"]) in AMBIGUOUS:
            assert edge_rules.route(request_of(vector)) == "timestream-write"
            continue
        got = edge_rules.route(request_of(vector))
        if got != service:
            failures.append(f"{vector['operation']}: {vector['method']} {vector['url'][:80]} -> {got}")
    assert not failures, f"{len(failures)} of {len(MOTO_BY_SERVICE[service])} misrouted:\n" + "\n".join(
        failures
    )
