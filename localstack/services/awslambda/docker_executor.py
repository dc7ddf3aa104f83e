"""LAMBDA_EXECUTOR=docker: each function version runs in a container of AWS's public Lambda image
(`public.ecr.aws/lambda/<runtime>`), invoked through the image's Runtime Interface Emulator on port 8080
(`POST /2015-03-31/functions/function/invocations`). Without a Docker engine every invoke fails with an
AWS-shaped error that names the problem; it never falls back to local workers."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from urllib.parse import quote

from localstack.config import get_config
from localstack.services.awslambda import functions
from localstack.services.awslambda.functions import FunctionSpec
from localstack.services.awslambda.workers import Invocation, error_payload
from localstack.utils.aws.errors import AWSError

RIE_PATH = "/2015-03-31/functions/function/invocations"


def docker_socket() -> str:
    host = get_config().docker_host
    return host[len("unix://") :] if host.startswith("unix://") else host


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float = 30.0) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


def _engine(method: str, path: str, body: dict | None = None, timeout: float = 30.0) -> tuple[int, bytes]:
    where = docker_socket()
    if where.startswith("tcp://"):
        host, _, port = where[len("tcp://") :].partition(":")
        connection: http.client.HTTPConnection = http.client.HTTPConnection(
            host, int(port or 2375), timeout=timeout
        )
    else:
        connection = _UnixConnection(where, timeout)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        connection.request(method, path, body=payload, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def check_engine() -> None:
    """Raise the invoke's error unless a Docker engine answers `GET /_ping`."""
    where = get_config().docker_host
    try:
        status, _ = _engine("GET", "/_ping", timeout=3.0)
    except OSError as error:
        reason = error.strerror or str(error)
    else:
        if status == 200:
            return
        reason = f"GET /_ping answered HTTP {status}"
    raise AWSError(
        "ServiceException",
        f"LAMBDA_EXECUTOR=docker, but no Docker engine answers at {where} ({reason}). Start Docker or "
        "unset LAMBDA_EXECUTOR to run functions as local processes.",
        500,
        sender=False,
    )


def image_of(spec: FunctionSpec) -> str:
    if spec.package_type == "Image" and spec.image_uri:
        return spec.image_uri
    runtime = spec.runtime
    for prefix, repository in (
        ("python", "python"),
        ("nodejs", "nodejs"),
        ("java", "java"),
        ("ruby", "ruby"),
    ):
        if runtime.startswith(prefix):
            return f"public.ecr.aws/lambda/{repository}:{runtime[len(prefix) :].removesuffix('.x')}"
    if runtime.startswith("dotnet"):
        return f"public.ecr.aws/lambda/dotnet:{runtime[len('dotnet') :]}"
    if runtime.startswith("provided"):
        return f"public.ecr.aws/lambda/provided:{runtime.split('.', 1)[1] if '.' in runtime else 'al2'}"
    raise AWSError("InvalidRuntimeException", f"No public Lambda image for runtime {runtime!r}.", 502)


class _Container:
    def __init__(self, container_id: str, port: int) -> None:
        self.id = container_id
        self.port = port
        self.lock = threading.Lock()  # the RIE serves one invocation at a time
        self.stream = f"{time.strftime('%Y/%m/%d', time.gmtime())}/[$LATEST]{container_id[:32]}"


_containers: dict[str, _Container] = {}
_containers_lock = threading.Lock()


def _start_container(spec: FunctionSpec) -> _Container:
    from localstack.services import infra

    image = image_of(spec)
    repository, _, tag = image.rpartition(":")
    status, _ = _engine("GET", f"/images/{quote(image, safe='')}/json")
    if status == 404:
        status, body = _engine(
            "POST", f"/images/create?fromImage={quote(repository)}&tag={quote(tag)}", timeout=600
        )
        if status >= 300:
            raise AWSError("ServiceException", f"Could not pull {image}: {body[:200]!r}", 500, sender=False)
    binds = [f"{functions.code_dir(spec)}:/var/task:ro"]
    layers = functions.layer_dirs(spec)
    if layers:
        binds.append(f"{layers[-1]}:/opt:ro")  # one bind at /opt: the last layer wins, as AWS overlays them
    edge = infra.current()
    env = {
        **spec.environment,
        "AWS_REGION": spec.region,
        "AWS_DEFAULT_REGION": spec.region,
        "AWS_ACCESS_KEY_ID": spec.account,
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_ENDPOINT_URL": f"http://host.docker.internal:{edge.edge_port}",
        "AWS_LAMBDA_FUNCTION_NAME": spec.name,
        "AWS_LAMBDA_FUNCTION_VERSION": spec.version,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory),
        "AWS_LAMBDA_FUNCTION_TIMEOUT": str(int(spec.timeout)),
    }
    create = {
        "Image": image,
        "Cmd": [spec.handler] if spec.package_type != "Image" else None,
        "Env": [f"{key}={value}" for key, value in env.items()],
        "ExposedPorts": {"8080/tcp": {}},
        "HostConfig": {
            "Binds": binds if spec.package_type != "Image" else [],
            "PortBindings": {"8080/tcp": [{"HostIp": "127.0.0.1", "HostPort": ""}]},
            "ExtraHosts": ["host.docker.internal:host-gateway"],
            "AutoRemove": True,
        },
        "Labels": {"localstack.lambda": spec.qualified_arn},
    }
    status, body = _engine("POST", "/containers/create", create)
    if status >= 300:
        raise AWSError(
            "ServiceException", f"Could not create a container of {image}: {body[:200]!r}", 500, sender=False
        )
    container_id = json.loads(body)["Id"]
    _engine("POST", f"/containers/{container_id}/start")
    status, body = _engine("GET", f"/containers/{container_id}/json")
    port = int(json.loads(body)["NetworkSettings"]["Ports"]["8080/tcp"][0]["HostPort"])
    container = _Container(container_id, port)
    edge.on_stop(lambda: _engine("POST", f"/containers/{container_id}/kill"))
    return container


def _container_for(spec: FunctionSpec) -> _Container:
    with _containers_lock:
        container = _containers.get(spec.pool_key)
        if container is None:
            container = _containers[spec.pool_key] = _start_container(spec)
        return container


def log_stream(spec: FunctionSpec) -> str:
    container = _containers.get(spec.pool_key)
    return container.stream if container else f"{time.strftime('%Y/%m/%d', time.gmtime())}/[$LATEST]docker"


def run(spec: FunctionSpec, invocation: Invocation) -> None:
    check_engine()
    container = _container_for(spec)
    with container.lock:
        invocation.started = time.monotonic()
        deadline = time.time() + spec.timeout + 10  # the RIE enforces the function timeout itself
        for _ in range(100):  # the RIE needs a moment after the container starts
            try:
                connection = http.client.HTTPConnection(
                    "127.0.0.1", container.port, timeout=deadline - time.time()
                )
                connection.request(
                    "POST", RIE_PATH, body=invocation.payload, headers={"Content-Type": "application/json"}
                )
                response = connection.getresponse()
                body = response.read()
                break
            except ConnectionError:
                time.sleep(0.1)
        else:
            raise AWSError(
                "ServiceException", "The Lambda container did not answer on port 8080.", 500, sender=False
            )
    error = response.getheader("X-Amz-Function-Error")
    if error is None:
        # Older RIE releases signal errors only by the body's shape.
        try:
            parsed = json.loads(body)
            if isinstance(parsed, dict) and "errorType" in parsed and "errorMessage" in parsed:
                error = parsed["errorType"]
        except ValueError:
            pass
    if error is None and response.status >= 300:
        body, error = error_payload("Runtime.Unknown", body.decode("utf-8", "replace")), "Runtime.Unknown"
    invocation.finish(body, error)
