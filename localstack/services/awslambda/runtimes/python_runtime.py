"""Lambda Runtime API client for Python handlers: runs in each worker process, stdlib only (fast start)."""

import importlib
import json
import logging
import os
import socket
import sys
import time
import traceback

BASE = "/2018-06-01/runtime"
TASK_ROOT = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())


class LambdaContext:
    """The context object AWS's Python runtime passes to handlers."""

    def __init__(self, request_id: str, deadline_ms: int, arn: str, client_context, identity) -> None:
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.client_context = client_context
        self.identity = identity
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int(self._deadline_ms - time.time() * 1000))


class RuntimeResponse:
    def __init__(self, status: int, headers: dict) -> None:
        self.status = status
        self.headers = headers

    def getheader(self, name: str, default=None):
        return self.headers.get(name.lower(), default)


class RuntimeClient:
    """HTTP/1.1 on one kept-alive connection, read and written directly: http.client parses each
    answer's headers with the email package, most of this process's own work per invoke."""

    def __init__(self, address: str) -> None:
        host, _, port = address.partition(":")
        self.host = address
        self.address = (host, int(port or 80))
        self.sock = None
        self.reader = None

    def call(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        if self.sock is None:
            self.sock = socket.create_connection(self.address)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.reader = self.sock.makefile("rb")
        body = body or b""
        head = [f"{method} {BASE}{path} HTTP/1.1", f"Host: {self.host}", f"Content-Length: {len(body)}"]
        head.extend(f"{name}: {value}" for name, value in (headers or {}).items())
        self.sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        status_line = self.reader.readline()
        if not status_line:
            self.close()
            raise ConnectionError("the Runtime API closed the connection")
        received = {}
        while True:
            line = self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            received[name.strip().lower()] = value.strip()
        length = int(received.get("content-length") or 0)
        payload = self.reader.read(length) if length else b""
        if received.get("connection", "").lower() == "close":
            self.close()
        return RuntimeResponse(int(status_line.split()[1]), received), payload

    def close(self) -> None:
        if self.sock is not None:
            self.reader.close()
            self.sock.close()
        self.sock = self.reader = None


class _RequestIdFilter(logging.Filter):
    request_id = ""

    def filter(self, record: logging.LogRecord) -> bool:
        record.aws_request_id = self.request_id
        return True


def _setup_logging() -> _RequestIdFilter:
    # The AWS runtime installs this handler on the root logger: "[LEVEL]\ttime\trequest id\tmessage".
    request_filter = _RequestIdFilter()
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        logging.Formatter(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
            "%Y-%m-%dT%H:%M:%S",
        )
    )
    handler.formatter.converter = time.gmtime
    handler.addFilter(request_filter)
    logging.getLogger().addHandler(handler)
    return request_filter


def _error(kind: str, message: str, stack: list[str]) -> dict:
    return {"errorMessage": message, "errorType": kind, "requestId": "", "stackTrace": stack}


def _exception_error(error: BaseException) -> dict:
    """An exception's error; an init error's `requestId` stays empty (recorded: test_lambda_runtime_error)."""
    stack = traceback.format_list(traceback.extract_tb(error.__traceback__)[1:])
    return _error(type(error).__name__, str(error), stack)


def load_handler(handler: str):
    """The handler function, or an AWS-shaped init error dict."""
    module_name, dot, function_name = handler.rpartition(".")
    if not dot or not module_name:
        return _error(
            "Runtime.MalformedHandlerName",
            f"Bad handler '{handler}': not enough values to unpack (expected 2, got 1)",
            [],
        )
    module_name = module_name.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        return _error("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {error}", [])
    except SyntaxError as error:
        where = f'  File "{error.filename}" Line {error.lineno}\n        {(error.text or "").strip()}\n'
        return _error(
            "Runtime.UserCodeSyntaxError",
            f"Syntax error in module '{module_name}': {error.msg} ({os.path.basename(error.filename or '')}, "
            f"line {error.lineno})",
            [where],
        )
    except Exception as error:
        return _exception_error(error)
    function = getattr(module, function_name, None)
    if function is None:
        return _error(
            "Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'", []
        )
    return function


def _log_error(error: dict) -> None:
    print(f"[ERROR] {error['errorType']}: {error['errorMessage']}", flush=True)
    if error.get("stackTrace"):
        print("Traceback (most recent call last):\n" + "".join(error["stackTrace"]), end="", flush=True)


def _end_marker(request_id: str) -> None:
    # Tells the emulator this invocation's output is all in the pipe (it builds the log from it).
    sys.stdout.flush()
    sys.stderr.flush()
    os.write(1, f"\x1eLSEND {request_id}\x1e\n".encode())


def main() -> None:
    client = RuntimeClient(os.environ["AWS_LAMBDA_RUNTIME_API"])
    request_filter = _setup_logging()
    handler = load_handler(os.environ.get("_HANDLER", ""))
    if isinstance(handler, dict):
        _log_error(handler)
        _end_marker("init")
        body = json.dumps(handler).encode()
        client.call("POST", "/init/error", body, {"Lambda-Runtime-Function-Error-Type": handler["errorType"]})
        sys.exit(1)
    while True:
        response, payload = client.call("GET", "/invocation/next")
        request_id = response.getheader("Lambda-Runtime-Aws-Request-Id", "")
        request_filter.request_id = request_id
        client_context = response.getheader("Lambda-Runtime-Client-Context")
        identity = response.getheader("Lambda-Runtime-Cognito-Identity")
        context = LambdaContext(
            request_id,
            int(response.getheader("Lambda-Runtime-Deadline-Ms", "0")),
            response.getheader("Lambda-Runtime-Invoked-Function-Arn", ""),
            json.loads(client_context) if client_context else None,
            json.loads(identity) if identity else None,
        )
        os.environ["_X_AMZN_TRACE_ID"] = response.getheader("Lambda-Runtime-Trace-Id", "")
        try:
            event = json.loads(payload) if payload else {}
            result = handler(event, context)
            try:
                body = json.dumps(result).encode()
            except (TypeError, ValueError) as error:
                raise _MarshalError(f"Unable to marshal response: {error}") from None
        except Exception as error:
            failure = _exception_error(error)
            if isinstance(error, _MarshalError):
                failure = _error("Runtime.MarshalError", str(error), [])
            failure["requestId"] = request_id
            _log_error(failure)
            _end_marker(request_id)
            headers = {"Lambda-Runtime-Function-Error-Type": failure["errorType"]}
            client.call("POST", f"/invocation/{request_id}/error", json.dumps(failure).encode(), headers)
            continue
        _end_marker(request_id)
        client.call("POST", f"/invocation/{request_id}/response", body)


class _MarshalError(Exception):
    pass


if __name__ == "__main__":
    # The handler's code comes first on the path (this file's directory must not shadow it).
    sys.path[0] = TASK_ROOT
    main()
