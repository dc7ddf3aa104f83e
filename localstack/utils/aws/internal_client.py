"""boto3 clients that call this emulator in-process: every request runs the same gateway, listeners
and backend as one from outside, with no socket. For deliveries between services.

    sqs = connect_to("sqs", account_id="000000000000", region="us-east-1")
    sqs.send_message(QueueUrl=url, MessageBody="...")
"""

from __future__ import annotations

import base64
import json
import threading
import time
from typing import Any, Callable
from urllib.parse import quote, urlsplit

from werkzeug.datastructures import Headers

from localstack import constants
from localstack.utils.http import Request

HEADER_INTERNAL = "x-localstack-internal"

_clients: dict[tuple[str, str, str], Any] = {}
_session: Any = None
_lock = threading.Lock()
_handler: Callable[[Request], Any] | None = None
_endpoint = f"http://localhost:{constants.EDGE_PORT}"


def set_gateway(handler: Callable[[Request], Any] | None, edge_port: int = constants.EDGE_PORT) -> None:
    """The lifecycle manager installs the edge's `GatewayApp.handle` here on start (None on stop).

    Requests carry the edge's own host, so URLs in answers (queue URLs) work from outside too."""
    global _handler, _endpoint
    _handler = handler
    _endpoint = f"http://localhost:{edge_port}"
    with _lock:
        _clients.clear()


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **kwargs: Any) -> Any:
        yield self._data

    def read(self, amt: int | None = None) -> bytes:
        data, self._data = self._data, b""
        return data


def _send_in_process(request: Any, **kwargs: Any) -> Any:
    """botocore `before-send` hook: answer the prepared request through the gateway."""
    from botocore.awsrequest import AWSResponse

    if _handler is None:
        raise RuntimeError("the emulator is not running in this process")
    url = urlsplit(request.url)
    path = url.path or "/"
    if url.query:
        path = f"{path}?{url.query}"
    headers = Headers()
    for name, value in request.headers.items():
        headers[name] = value.decode("latin-1") if isinstance(value, bytes) else value
    headers.setdefault("Host", url.netloc)  # urllib3 would add it on the wire
    headers[HEADER_INTERNAL] = "1"
    body = request.body or b""
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode("utf-8")
    environ = {
        "SERVER_NAME": url.hostname or "localhost",
        "SERVER_PORT": str(url.port or 80),
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = _handler(Request(request.method, path, body, headers, environ))
    return AWSResponse(request.url, response.status_code, dict(response.headers), _Body(response.get_data()))


def _authorization(account_id: str, region: str, signing_name: str) -> dict[str, str]:
    """Headers naming the caller as a signed request would: the gateway reads the account from the
    access key id and the region from the credential scope. Nothing checks an in-process request's
    signature (its `x-localstack-internal` header says so), so none is computed."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    scope = f"{account_id}/{stamp[:8]}/{region}/{signing_name}/aws4_request"
    return {
        "Authorization": f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host;x-amz-date, "
        f"Signature={'0' * 64}",
        "X-Amz-Date": stamp,
    }


def send_message(
    queue_url: str,
    body: str,
    account_id: str = constants.DEFAULT_ACCOUNT_ID,
    region: str = constants.DEFAULT_REGION,
    **members: Any,
) -> dict[str, Any]:
    """SQS SendMessage as `connect_to("sqs", ...).send_message(QueueUrl=..., MessageBody=..., **members)`
    does (same gateway, listeners and backend; botocore's ClientError on refusal), without botocore
    building, signing and parsing the request: a third of an S3 or SNS delivery's CPU. `members` are the
    request's other members in the client's form (MessageAttributes' BinaryValue as bytes)."""
    document: dict[str, Any] = {"QueueUrl": queue_url, "MessageBody": body}
    for name, value in members.items():
        document[name] = _binary_as_base64(value) if name == "MessageAttributes" else value
    headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.SendMessage"}
    data = json.dumps(document).encode("utf-8")
    response = request("sqs", "POST", "/", data, headers, account_id, region)
    answer = json.loads(response.get_data() or b"{}")
    if response.status_code >= 300:
        raise _client_error(response.status_code, response.headers, answer, "SendMessage")
    return answer


def invoke(
    function_arn: str,
    payload: bytes,
    account_id: str = constants.DEFAULT_ACCOUNT_ID,
    region: str = constants.DEFAULT_REGION,
) -> tuple[bytes, str | None]:
    """A RequestResponse Lambda Invoke, as `connect_to("lambda", ...).invoke(FunctionName=...,
    Payload=...)` does, without botocore: (the function's payload, its FunctionError or None); a
    refused invoke raises botocore's ClientError."""
    path = f"/2015-03-31/functions/{quote(function_arn, safe='')}/invocations"
    response = request("lambda", "POST", path, payload, {}, account_id, region)
    data = response.get_data()
    if response.status_code >= 300:
        answer = json.loads(data or b"{}") if data[:1] == b"{" else {}
        error = _client_error(response.status_code, response.headers, answer, "Invoke")
        if not answer.get("__type"):
            code = response.headers.get("x-amzn-errortype", "").split(":", 1)[0]
            error.response["Error"]["Code"] = code or str(response.status_code)  # type: ignore[attr-defined]
        raise error
    return data, response.headers.get("X-Amz-Function-Error")


def request(
    signing_name: str,
    method: str,
    path: str,
    data: bytes,
    headers: dict[str, str],
    account_id: str,
    region: str,
) -> Any:
    """One request answered by the gateway as the internal clients' requests are (a service's
    listener may run one operation as another: DynamoDB's PartiQL writes)."""
    if _handler is None:
        raise RuntimeError("the emulator is not running in this process")
    url = urlsplit(_endpoint)
    all_headers = Headers(_authorization(account_id, region, signing_name))
    all_headers.update(headers)
    all_headers["Host"] = url.netloc
    all_headers[HEADER_INTERNAL] = "1"
    environ = {"SERVER_NAME": url.hostname or "localhost", "SERVER_PORT": str(url.port or 80)}
    environ["REMOTE_ADDR"] = "127.0.0.1"
    return _handler(Request(method, path, data, all_headers, environ))


def _binary_as_base64(attributes: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, attribute in attributes.items():
        value = attribute.get("BinaryValue")
        if isinstance(value, bytes | bytearray):
            attribute = {**attribute, "BinaryValue": base64.b64encode(value).decode("ascii")}
        out[name] = attribute
    return out


def _client_error(status: int, headers: Any, answer: dict[str, Any], operation: str) -> Exception:
    """botocore's ClientError for a JSON-protocol refusal, with the code botocore would report (the
    query-compatible code SQS also sends, when there is one)."""
    from botocore.exceptions import ClientError

    code = str(answer.get("__type", "")).rsplit("#", 1)[-1] or str(status)
    compatible = headers.get("x-amzn-query-error")
    if compatible:
        code = compatible.split(";", 1)[0]
    message = answer.get("message", answer.get("Message", ""))
    error = {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}}
    return ClientError(error, operation)


def connect_to(
    service: str, account_id: str = constants.DEFAULT_ACCOUNT_ID, region: str = constants.DEFAULT_REGION
) -> Any:
    """A cached boto3 client for `service` acting as `account_id` in `region`, answered in-process."""
    key = (service, account_id, region)
    client = _clients.get(key)
    if client is not None:
        return client
    with _lock:
        client = _clients.get(key)
        if client is None:
            from botocore.config import Config

            client = _botocore_session().create_client(
                service,
                region_name=region,
                endpoint_url=_endpoint,
                # A 12-digit access key id selects the account, as for any caller.
                aws_access_key_id=account_id,
                aws_secret_access_key=constants.TEST_SECRET_ACCESS_KEY,
                config=Config(
                    retries={"max_attempts": 1}, parameter_validation=False, s3={"addressing_style": "path"}
                ),
            )
            client.meta.events.register_first("before-send", _send_in_process)
            _clients[key] = client
    return client


def _botocore_session() -> Any:
    """One session for every in-process client (called under `_lock`): a session per client loaded
    endpoints.json and the service's model again for each (service, account, region), ~7 MB kept by
    the first few clients. Its models are the compact ones (plain dicts, no documentation)."""
    global _session
    if _session is None:
        import botocore.session

        from localstack.utils.aws.botocore_data import compact_loader

        session = botocore.session.Session()
        session.register_component("data_loader", compact_loader())
        _session = session
    return _session


def as_aws_error(error: Exception) -> Exception:
    """A botocore ClientError from an in-process call as the AWSError to answer our own caller with
    (same code, message and status); other exceptions unchanged."""
    from botocore.exceptions import ClientError

    from localstack.utils.aws.errors import AWSError

    if not isinstance(error, ClientError):
        return error
    details = error.response.get("Error", {})
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
    return AWSError(
        details.get("Code", "ClientError"), details.get("Message", str(error)), status, status < 500
    )
