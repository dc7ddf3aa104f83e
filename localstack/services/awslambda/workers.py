"""One execution environment: a worker process running a function's runtime client against its own
Runtime API server, handed one invocation at a time; its output is kept as the invocation's log."""

from __future__ import annotations

import json
import logging
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from localstack.config import get_config
from localstack.services.awslambda import functions
from localstack.services.awslambda.functions import FunctionSpec
from localstack.services.awslambda.runtime_api import RuntimeApiServer
from localstack.utils.aws.errors import AWSError

LOG = logging.getLogger(__name__)
RUNTIMES_DIR = Path(__file__).resolve().parent / "runtimes"
INIT_TIMEOUT = 10.0  # AWS gives the init phase 10 s
END_MARKER = "\x1eLSEND "


@dataclass
class Invocation:
    """One request to a function, from hand-off to a worker until its result (or failure) is known."""

    request_id: str
    payload: bytes
    invoked_arn: str
    timeout: float
    client_context: str | None = None
    deadline_ms: int = 0
    picked: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    result: bytes = b""
    error_type: str | None = None  # set: the function failed (X-Amz-Function-Error: Unhandled)
    started: float = 0.0
    ended: float = 0.0
    init_duration_ms: float | None = None
    timed_out: bool = False
    log_lines: list[str] = field(default_factory=list)

    def finish(self, result: bytes, error_type: str | None) -> None:
        if self.done.is_set():
            return
        self.result, self.error_type = result, error_type
        self.ended = time.monotonic()
        self.done.set()
        self.picked.set()


def error_payload(kind: str, message: str) -> bytes:
    return json.dumps({"errorType": kind, "errorMessage": message}).encode()


def node_modules_dir() -> Path:
    """Where `make install` puts the AWS SDK v3 for nodejs handlers (.venv/lambda-node/node_modules)."""
    return get_config().lambda_node_modules or Path(sys.prefix) / "lambda-node" / "node_modules"


def _command(spec: FunctionSpec, task_root: Path, layers: list[Path]) -> list[str]:
    runtime = spec.runtime
    if runtime.startswith("python"):
        return [sys.executable, "-u", str(RUNTIMES_DIR / "python_runtime.py")]
    if runtime.startswith("nodejs"):
        node = shutil.which("node")
        if node is None:
            raise AWSError(
                "InvalidRuntimeException", f"Runtime {runtime} needs Node.js: no `node` on the PATH.", 502
            )
        return [node, str(RUNTIMES_DIR / "node_runtime.js")]
    if runtime.startswith("provided"):
        for candidate in [task_root / "bootstrap", *(layer / "bootstrap" for layer in layers)]:
            if candidate.is_file():
                candidate.chmod(candidate.stat().st_mode | 0o111)
                return [str(candidate)]
        return []  # answered as AWS does: Runtime.InvalidEntrypoint
    raise AWSError(
        "InvalidRuntimeException",
        f"The runtime {runtime or '(none)'} is not supported by LAMBDA_EXECUTOR=local "
        "(python3.x, nodejs*.x, provided.al2, provided.al2023).",
        502,
    )


def _environment(spec: FunctionSpec, task_root: Path, layers: list[Path], api: str, stream: str) -> dict:
    from localstack.services import infra

    edge = infra.current()
    host = edge.config.edge_bind_host
    host = "127.0.0.1" if host in ("0.0.0.0", "::", "", "localhost") else host
    python_paths = [str(task_root)]
    node_paths = []
    minor = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for layer in layers:
        python_paths += [str(layer / "python"), str(layer / "python" / "lib" / minor / "site-packages")]
        node_paths += [
            str(layer / "nodejs" / "node_modules"),
            str(layer / "nodejs" / "node20" / "node_modules"),
        ]
    node_paths.append(str(node_modules_dir()))
    path = os.pathsep.join([*(str(layer / "bin") for layer in layers), os.environ.get("PATH", "")])
    env = {
        "PATH": path,
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "HOME": os.environ.get("HOME", "/tmp"),
        "AWS_REGION": spec.region,
        "AWS_DEFAULT_REGION": spec.region,
        # A 12-digit access key selects the function's account for SDK calls made inside it.
        "AWS_ACCESS_KEY_ID": spec.account,
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_ENDPOINT_URL": f"http://{host}:{edge.edge_port}",
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{spec.runtime}",
        "AWS_LAMBDA_FUNCTION_NAME": spec.name,
        "AWS_LAMBDA_FUNCTION_VERSION": spec.version,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory),
        "AWS_LAMBDA_FUNCTION_TIMEOUT": str(int(spec.timeout)),
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{spec.name}",
        "AWS_LAMBDA_LOG_STREAM_NAME": stream,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "PYTHONPATH": os.pathsep.join(python_paths),
        "NODE_PATH": os.pathsep.join(node_paths),
    }
    env.update(spec.environment)
    env.update({"_HANDLER": spec.handler, "LAMBDA_TASK_ROOT": str(task_root), "AWS_LAMBDA_RUNTIME_API": api})
    env["LAMBDA_RUNTIME_DIR"] = str(RUNTIMES_DIR)
    return env


class Worker:
    """A warm (or warming) execution environment of one function version."""

    def __init__(self, spec: FunctionSpec) -> None:
        self.id = uuid.uuid4().hex
        self.spec = spec
        self.log_stream = f"{time.strftime('%Y/%m/%d', time.gmtime())}/[{spec.version}]{self.id}"
        self._queue: queue.SimpleQueue[Invocation | None] = queue.SimpleQueue()
        self._current: Invocation | None = None
        self._lines: list[str] = []
        self._markers: set[str] = set()
        self._output = threading.Condition()
        self._last_output = 0.0
        self.process: subprocess.Popen | None = None
        self.server: RuntimeApiServer | None = None
        self.cold = True
        self.dead = False
        self.created = self.last_used = time.monotonic()
        self.our_runtime = not spec.runtime.startswith("provided")
        self._init_error: tuple[bytes, str] | None = None

    # --- lifecycle ---

    def start(self) -> None:
        task_root = functions.code_dir(self.spec)
        layers = functions.layer_dirs(self.spec)
        command = _command(self.spec, task_root, layers)
        self.server = RuntimeApiServer(self)
        self._started = time.monotonic()
        if not command:
            self.dead = True
            return
        env = _environment(self.spec, task_root, layers, self.server.address, self.log_stream)
        self.process = subprocess.Popen(
            command,
            cwd=str(task_root),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a timeout kill reaches the bootstrap's children too
        )
        threading.Thread(target=self._read_output, name=f"ls-lambda-out-{self.id[:8]}", daemon=True).start()

    def kill(self) -> None:
        self.dead = True
        self._queue.put(None)
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, 9)
            except OSError:
                self.process.kill()
        if self.server is not None:
            self.server.close()

    def max_memory_mb(self) -> int:
        try:
            with open(f"/proc/{self.process.pid}/status") as status:  # type: ignore[union-attr]
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) // 1024
        except (OSError, AttributeError, ValueError):
            pass
        return 0

    # --- the invoking side ---

    def run(self, invocation: Invocation) -> None:
        """Hand the invocation over and wait for its end: result, error, timeout or crash."""
        if self.dead and self.process is None:
            message = "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]"
            invocation.finish(
                error_payload("Runtime.InvalidEntrypoint", message), "Runtime.InvalidEntrypoint"
            )
            return
        self._current = invocation
        if self._init_error is not None:
            self._fail_init(invocation)
        self._queue.put(invocation)
        if not invocation.picked.wait(INIT_TIMEOUT):
            self.kill()
            message = (
                f"RequestId: {invocation.request_id} Error: Init phase did not finish in {INIT_TIMEOUT:.0f} s"
            )
            invocation.finish(error_payload("Runtime.Unknown", message), "Runtime.Unknown")
        remaining = invocation.deadline_ms / 1000.0 - time.time() if invocation.deadline_ms else 0
        if not invocation.done.wait(max(remaining, 0.0)) and not invocation.done.is_set():
            invocation.timed_out = True
            self.kill()
            seconds = f"{invocation.timeout:.2f}"
            message = f"RequestId: {invocation.request_id} Error: Task timed out after {seconds} seconds"
            invocation.finish(error_payload("Sandbox.Timedout", message), "Sandbox.Timedout")
        invocation.log_lines = self._take_output(invocation)
        self._current = None
        self.last_used = time.monotonic()

    def _take_output(self, invocation: Invocation) -> list[str]:
        with self._output:
            if self.our_runtime and not invocation.timed_out:
                self._output.wait_for(
                    lambda: invocation.request_id in self._markers or "init" in self._markers or self.dead,
                    1.0,
                )
            elif not invocation.timed_out:
                # A user's bootstrap writes no marker: wait until its output pauses briefly.
                deadline = time.monotonic() + 0.05
                while time.monotonic() < deadline and time.monotonic() - self._last_output < 0.005:
                    self._output.wait(0.005)
            lines, self._lines = self._lines, []
            self._markers.discard(invocation.request_id)
            return lines

    # --- the runtime side (called by the Runtime API server) ---

    def next_invocation(self) -> tuple[bytes, dict[str, str]] | None:
        invocation = self._queue.get()
        if invocation is None or self.dead:
            return None
        now = time.time()
        invocation.deadline_ms = int((now + invocation.timeout) * 1000)
        invocation.started = time.monotonic()
        if self.cold:
            invocation.init_duration_ms = (invocation.started - self._started) * 1000
            self.cold = False
        trace = invocation.request_id.replace("-", "")[:24]
        headers = {
            "Lambda-Runtime-Aws-Request-Id": invocation.request_id,
            "Lambda-Runtime-Deadline-Ms": str(invocation.deadline_ms),
            "Lambda-Runtime-Invoked-Function-Arn": invocation.invoked_arn,
            "Lambda-Runtime-Trace-Id": f"Root=1-{int(now):08x}-{trace};Sampled=0",
        }
        if invocation.client_context:
            headers["Lambda-Runtime-Client-Context"] = invocation.client_context
        invocation.picked.set()
        return invocation.payload, headers

    def complete(self, request_id: str, body: bytes, error_type: str | None) -> bool:
        invocation = self._current
        if invocation is None or invocation.request_id != request_id or invocation.done.is_set():
            return False
        if error_type is not None and not body:
            body = error_payload(error_type, "")
        invocation.finish(body, error_type)
        return True

    def init_failed(self, body: bytes, error_type: str) -> None:
        # The runtime may report before the first invocation is handed over (a fast start): kept
        # for it, which then answers with this error too.
        self._init_error = (body or error_payload(error_type, ""), error_type)
        self.dead = True
        invocation = self._current
        if invocation is not None:
            self._fail_init(invocation)

    def _fail_init(self, invocation: Invocation) -> None:
        body, error_type = self._init_error  # type: ignore[misc]
        invocation.init_duration_ms = (time.monotonic() - self._started) * 1000
        invocation.started = time.monotonic()
        invocation.finish(body, error_type)

    def _read_output(self) -> None:
        stream = self.process.stdout  # type: ignore[union-attr]
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self._output:
                self._last_output = time.monotonic()
                if line.startswith(END_MARKER) and line.endswith("\x1e"):
                    self._markers.add(line[len(END_MARKER) : -1])
                else:
                    self._lines.append(line)
                self._output.notify_all()
        stream.close()
        code = self.process.wait()  # type: ignore[union-attr]
        was_dead = self.dead
        self.dead = True
        with self._output:
            self._output.notify_all()
        invocation = self._current
        if invocation is not None and not invocation.done.is_set() and not was_dead:
            # AWS gives no reason for a clean exit (recorded: test_lambda_handler_exit, sys.exit(0)).
            reason = f"with error: exit status {code}" if code else "without providing a reason"
            message = f"RequestId: {invocation.request_id} Error: Runtime exited {reason}"
            invocation.finish(error_payload("Runtime.ExitError", message), "Runtime.ExitError")
        self._queue.put(None)
        if self.server is not None:
            self.server.close()
