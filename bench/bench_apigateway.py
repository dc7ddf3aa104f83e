"""API Gateway figures: median latency and requests per second through a REST API AWS_PROXY route to a
warm Python function, measured from outside through the edge (`python -m bench.bench_apigateway`)."""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path

import boto3
import requests

from tests.integration.apigw_helpers import RestApi, create_function, lambda_uri
from tests.server_process import start_server

HANDLER = "proxy_echo.py"


def _setup(edge_url: str, edge_port: int) -> str:
    kwargs = {
        "endpoint_url": edge_url,
        "region_name": "us-east-1",
        "aws_access_key_id": "test",
        "aws_secret_access_key": "test",
    }
    arn = create_function(boto3.client("lambda", **kwargs), "bench-apigw", HANDLER)
    api = RestApi(boto3.client("apigateway", **kwargs), "bench", edge_port)
    resource = api.resource("/{proxy+}")
    api.integration(resource, "ANY", "AWS_PROXY", lambda_uri(arn))
    api.deploy("bench")
    return api.url("bench", "/items/1?x=1")


def _latencies(url: str, count: int) -> list[float]:
    session = requests.Session()
    for _ in range(5):  # warm workers and connections
        session.get(url).raise_for_status()
    out = []
    for _ in range(count):
        started = time.perf_counter()
        session.get(url).raise_for_status()
        out.append((time.perf_counter() - started) * 1000)
    return out


def _throughput(url: str, threads: int, seconds: float) -> float:
    done = [0] * threads
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        session = requests.Session()
        while time.monotonic() < deadline:
            session.get(url).raise_for_status()
            done[index] += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    started = time.monotonic()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def run(quick: bool = False) -> dict:
    count, seconds = (50, 2.0) if quick else (300, 5.0)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(
            Path(tmp), services=["apigateway", "lambda", "logs", "iam"], extra_env={"DEBUG": "0"}
        )
        try:
            url = _setup(server.edge_url, server.edge_port)
            latencies = sorted(_latencies(url, count))
            rps_1 = _throughput(url, 1, seconds)
            rps_8 = _throughput(url, 8, seconds)
        finally:
            server.stop()
    return {
        "apigw_proxy_lambda_median_ms": round(statistics.median(latencies), 2),
        "apigw_proxy_lambda_p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 2),
        "apigw_proxy_lambda_rps_1_thread": round(rps_1, 1),
        "apigw_proxy_lambda_rps_8_threads": round(rps_8, 1),
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")
