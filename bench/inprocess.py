"""An in-process boto3 transport: sends a client's requests straight into a WSGI app (no socket).

Used to profile the gateway path (`python -m bench.inprocess`) without network or client-thread noise.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import time
from typing import Any, Callable
from urllib.parse import urlsplit

import boto3
from botocore.awsrequest import AWSResponse
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from bench.servers import CREDENTIALS


class _RawBody:
    def __init__(self, data: bytes) -> None:
        self._stream = io.BytesIO(data)

    def stream(self, **kwargs: Any):  # type: ignore[no-untyped-def]
        yield self._stream.read()

    def read(self, *args: Any) -> bytes:
        return self._stream.read(*args)


def wsgi_client(service: str, app: Callable, port: int = 4566):  # type: ignore[no-untyped-def]
    """A boto3 client whose requests are answered by `app` in this thread."""
    session = boto3.session.Session(**CREDENTIALS)
    url = f"http://localhost:{port}"
    client = session.client(service, endpoint_url=url)

    def send(request: Any, **kwargs: Any) -> AWSResponse:
        parts = urlsplit(request.url)
        body = request.body
        if hasattr(body, "read"):
            body = body.read()
        if isinstance(body, str):
            body = body.encode()
        body = body or b""
        headers = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
        builder = EnvironBuilder(
            path=parts.path, query_string=parts.query, method=request.method, headers=headers, data=body
        )
        environ = builder.get_environ()
        environ["RAW_URI"] = parts.path + (f"?{parts.query}" if parts.query else "")
        response = Response.from_app(app, environ, buffered=True)
        data = response.get_data()
        return AWSResponse(request.url, response.status_code, dict(response.headers), _RawBody(data))

    client.meta.events.register_first("before-send", send)
    return client


def gateway_app():  # type: ignore[no-untyped-def]
    from localstack import constants
    from localstack.config import Config, set_config
    from localstack.services import plugins
    from localstack.services.edge import GatewayApp

    config = Config.from_env({"SERVICES": "s3,sqs,dynamodb,sns"})
    set_config(config)
    proxies = plugins.load_proxies(config)
    return GatewayApp(proxies, constants.LEGACY_PORTS)


def moto_app():  # type: ignore[no-untyped-def]
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    return DomainDispatcherApplication(create_backend_app)


def workload(name: str, app: Callable) -> Callable[[int], None]:
    if name == "sqs":
        sqs = wsgi_client("sqs", app)
        url = sqs.create_queue(QueueName="profile")["QueueUrl"]
        return lambda i: sqs.send_message(QueueUrl=url, MessageBody="x" * 100)
    if name == "s3":
        s3 = wsgi_client("s3", app)
        s3.create_bucket(Bucket="profile")
        return lambda i: s3.put_object(Bucket="profile", Key=f"k{i}", Body=b"x" * 1024)
    if name == "dynamodb":
        ddb = wsgi_client("dynamodb", app)
        ddb.create_table(
            TableName="profile",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        return lambda i: ddb.put_item(TableName="profile", Item={"pk": {"S": f"k{i}"}, "v": {"S": "x" * 100}})
    raise SystemExit(f"unknown workload {name}")


def timing(name: str, count: int) -> None:
    """us/call in-process for the gateway and for moto's own dispatcher, client cost included."""
    for target, factory in (("edge", gateway_app), ("moto", moto_app)):
        call = workload(name, factory())
        for i in range(50):
            call(i)
        started = time.perf_counter()
        for i in range(count):
            call(i + 100)
        print(f"{name} via {target}: {(time.perf_counter() - started) / count * 1e6:.0f} us/call")


def profile_http(name: str, count: int, sort: str = "tottime") -> None:
    """Profile the server side of `count` keep-alive HTTP requests (server in this thread)."""
    import threading

    from werkzeug.serving import make_server

    from bench.rawclient import Connection, capture
    from localstack.services.generic_proxy import _RequestHandler

    app = gateway_app()
    handler = type("Handler", (_RequestHandler,), {"protocol_version": "HTTP/1.1"})
    server = make_server("127.0.0.1", 0, app, request_handler=handler)
    url = f"http://127.0.0.1:{server.server_port}"
    templates = {
        "s3": lambda: capture("s3", url, "get_object", Bucket="p", Key="k"),
        "dynamodb": lambda: capture("dynamodb", url, "get_item", TableName="p", Key={"pk": {"S": "k"}}),
        "sns": lambda: capture("sns", url, "list_topics"),
    }
    template = templates[name]()

    def client() -> None:
        conn = Connection(url)
        for _ in range(count):
            try:
                conn.send(template)
            except RuntimeError:
                pass  # a 404 is as good as a 200 for the server path's cost
        conn.close()

    thread = threading.Thread(target=client)
    profiler = cProfile.Profile()
    thread.start()
    started = time.perf_counter()
    profiler.enable()
    server.handle_request()
    profiler.disable()
    print(f"{(time.perf_counter() - started) / count * 1e6:.0f} us/request (profiled)")
    thread.join()
    pstats.Stats(profiler).sort_stats(sort).print_stats(40)


def main() -> None:
    if sys.argv[1] == "http":
        profile_http(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "tottime")
        return
    if sys.argv[1] == "time":
        timing(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1000)
        return
    name = sys.argv[1] if len(sys.argv) > 1 else "sqs"
    target = sys.argv[2] if len(sys.argv) > 2 else "edge"
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    app = gateway_app() if target == "edge" else moto_app()
    call = workload(name, app)
    for i in range(50):
        call(i)
    # The client's own cost, for subtraction: the same client answering from a canned response.
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for i in range(count):
        call(i + 100)
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"{name} via {target}: {elapsed / count * 1e6:.0f} us/call (profiled, client included)")
    stats = pstats.Stats(profiler)
    stats.sort_stats(sys.argv[4] if len(sys.argv) > 4 else "cumulative").print_stats(45)


if __name__ == "__main__":
    main()
