"""The gateway WSGI app: reads a request, routes it by the rule table, hands it to a service proxy.

The edge (port 4566) serves every enabled service; a legacy port serves only its own services
(usually one; es and opensearch share 4578, apigateway and apigatewayv2 share 4567).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable, Iterable

from werkzeug.wrappers import Response

from localstack.services import edge_rules
from localstack.services.backends import chunk_signatures, load_spooled_body, spool_digests
from localstack.services.generic_proxy import ServiceProxy, operation_name
from localstack.services.internal import InternalEndpoints
from localstack.utils.aws import request_checks
from localstack.utils.aws.errors import (
    AWSError,
    IncompleteBody,
    InternalError,
    NoRouteFound,
    NotImplementedByEmulator,
    RequestTooLarge,
    ServiceNotEnabled,
    error_for_exception,
    error_for_foreign_response,
    is_aws_shaped,
    malformed_chunked_message,
    normalize_error_response,
    serialize_error,
)
from localstack.utils.aws.internal_client import HEADER_INTERNAL
from localstack.utils.http import SPOOLED_BODY, Request
from localstack.utils.http_body import (
    AwsChunkedReader,
    BodyTooLarge,
    MalformedBody,
    adopt_aws_chunked,
    is_aws_chunked,
    read_body,
)
from localstack.utils.http_body import IncompleteBody as IncompleteBodyError

LOG = logging.getLogger(__name__)

CORS_ALLOW_HEADERS = (
    "authorization,cache-control,content-length,content-md5,content-type,etag,location,"
    "x-amz-acl,x-amz-content-sha256,x-amz-date,x-amz-request-id,x-amz-security-token,"
    "x-amz-tagging,x-amz-target,x-amz-user-agent,x-amz-version-id,x-amzn-requestid,"
    "x-localstack-target,amz-sdk-invocation-id,amz-sdk-request"
)
CORS_EXPOSE_HEADERS = "etag,x-amz-version-id,x-amz-request-id,x-amzn-requestid,x-amz-id-2,location"
CORS_ALLOW_METHODS = "HEAD,GET,PUT,POST,DELETE,OPTIONS,PATCH"


class GatewayApp:
    """WSGI app of one listening port."""

    def __init__(
        self,
        proxies: dict[str, ServiceProxy],
        known_services: Iterable[str],
        internal: InternalEndpoints | None = None,
        default_service: str | None = None,
        max_request_size: int = 5 * 1024**3,
        log_requests: bool = False,
    ) -> None:
        self.log_requests = log_requests
        # The dashboard's request log sets this: `recorder(service, request, response, elapsed_ms)`.
        self.recorder: Callable[[str, Request, Response, float], None] | None = None
        self.proxies = proxies
        self.known_services = frozenset(known_services)
        self.internal = internal
        self.default_service = default_service
        self.max_request_size = max_request_size
        # Extensions add a rule for their services, which speak their own protocols: no AWS model
        # checks and no reshaping of their answers.
        self.rules: list[edge_rules.Rule] = edge_rules.RULES
        self.foreign_services: frozenset[str] = frozenset()
        from localstack.config import get_config

        config = get_config()
        self.body_memory_limit = config.body_memory_limit
        self.spool_dir = config.run_dir / "spool"

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        response = self.dispatch(environ)
        return response(environ, start_response)

    def dispatch(self, environ: dict) -> Response:
        try:
            request = self._read_request(environ)
        except AWSError as error:
            # The unread rest of the body must not be taken for the next request on this connection.
            service, headers = self._service_of(environ)
            if service == "s3" and isinstance(error, RequestTooLarge):
                error = AWSError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
            if service == "s3" and getattr(error, "fields", None):
                # S3's own error fields (a chunk or trailer SignatureDoesNotMatch's StringToSign...).
                from localstack.services.s3.s3_errors import to_response

                response = to_response(error)
            else:
                shape = None if service == edge_rules.INTERNAL else service
                response = serialize_error(error, shape, headers)
            response.headers["Connection"] = "close"
            return response
        except Exception:
            LOG.exception("Error reading a request")
            return serialize_error(InternalError(), None, None)
        return self.handle(request)

    def handle(self, request: Request) -> Response:
        """Answer one request already read: in-process callers (internal clients) start here."""
        started = time.perf_counter()
        service: str | None = None
        try:
            if _is_cors_preflight(request):
                return self._bucket_preflight(request) or _with_cors(Response(status=200), request, True)
            service = self.route(request)
            if not request.data and SPOOLED_BODY in request.environ:
                load_spooled_body(service, request)
            if service == edge_rules.INTERNAL:
                response = self.internal.handle(request)  # type: ignore[union-attr]
            elif service in self.foreign_services:
                response = self.proxies[service].serve(request)
            else:
                request_checks.check_request(service, request)
                response = self._reshape_failure(self.proxies[service].serve(request), service, request)
        except AWSError as error:
            service = service or getattr(error, "service", None)
            response = serialize_error(error, service, request.headers)
        except Exception:
            LOG.exception("Error in the gateway")
            response = serialize_error(InternalError(), service, request.headers)
        # S3 answers from a bucket's own CORS rules where it has some (`cors_decided`).
        if request.headers.get("Origin") and not getattr(response, "cors_decided", False):
            _with_cors(response, request)
        recorder = self.recorder
        if recorder is not None and service is not None and service != edge_rules.INTERNAL:
            recorder(service, request, response, (time.perf_counter() - started) * 1000)
        if self.log_requests and service is not None and service != edge_rules.INTERNAL:
            elapsed = (time.perf_counter() - started) * 1000
            # Calls between services (pollers, deliveries) would drown the user's own requests.
            level = logging.DEBUG if request.headers.get(HEADER_INTERNAL) else logging.INFO
            operation = operation_name(service, request)
            LOG.log(level, "%s %s %d %.1fms", service, operation, response.status_code, elapsed)
        return response

    def _bucket_preflight(self, request: Request) -> Response | None:
        """S3 answers preflights to a bucket with CORS rules from those rules."""
        try:
            if "s3" not in self.proxies or self.route(request) != "s3":
                return None
        except AWSError:
            return None
        from localstack.services.s3 import cors

        return cors.preflight_for(request)

    def route(self, request: Request) -> str:
        service = edge_rules.route(request, self.rules)
        if service == edge_rules.INTERNAL and self.internal is not None:
            return service
        if self.default_service is not None:
            # A legacy port: stay within its services, whatever the rules say.
            return service if service in self.proxies else self.default_service
        if service is None:
            raise NoRouteFound(request.method, request.path_only)
        if service not in self.proxies:
            if service in self.known_services:
                raise ServiceNotEnabled(service)
            raise AWSError(
                "ServiceNotSupported", f"Service '{service}' is not supported by this emulator.", 501
            )
        return service

    def _reshape_failure(self, response: Response, service: str, request: Request) -> Response:
        """Answer client mistakes that crashed the backend, and non-AWS error pages, in AWS's shape."""
        response = normalize_error_response(response, service, request.headers)
        error = getattr(response, "aws_error", None)
        if isinstance(error, InternalError) and error.cause is not None:
            better = error_for_exception(error.cause) or request_checks.blame_request(service, request)
            return serialize_error(better, service, request.headers) if better else response
        if error is None and not is_aws_shaped(response):
            if response.status_code >= 500:
                LOG.error(
                    "%s answered %s %s with %d and a non-AWS body: %r",
                    service,
                    request.method,
                    request.path,
                    response.status_code,
                    response.get_data()[:2000],
                )
            error = error_for_foreign_response(response, service, request.method, request.path)
            if response.status_code == 404:
                # A path the model names but moto does not serve is an operation moto lacks.
                operation = request_checks.rest_operation_name(
                    service, request.method, request.path, request.headers
                )
                if operation:
                    error = NotImplementedByEmulator(f"{service} {operation}")
            return serialize_error(error, service, request.headers)
        if response.status_code >= 500 and error is None:
            # A backend that caught its own crash and answered 500 itself (X-Ray's InternalFailure):
            # the request's fault, where its members are not the model's types.
            better = request_checks.blame_request(service, request)
            return serialize_error(better, service, request.headers) if better else response
        return response

    def _read_request(self, environ: dict) -> Request:
        length_header = environ.get("CONTENT_LENGTH") or ""
        if length_header.isdigit():
            length: int | None = int(length_header)
        else:
            length = None if environ.get("HTTP_TRANSFER_ENCODING") else 0
        if length == 0:
            return Request.from_environ(environ, b"")
        stream = environ["wsgi.input"]
        # SigV4 streaming uploads are decoded here, once, so every digest is of the payload itself.
        chunked = None
        if is_aws_chunked(environ):
            chunked = AwsChunkedReader(stream, chunk_signatures(*self._service_of(environ)))
        try:
            data, spooled = read_body(
                chunked or stream,
                None if chunked else length,
                self.max_request_size,
                self.body_memory_limit,
                self.spool_dir,
                lambda: spool_digests(*self._service_of(environ)),
            )
            if chunked is not None:
                try:
                    adopt_aws_chunked(environ, chunked, spooled.size if spooled else len(data))
                except IncompleteBodyError:
                    if spooled is not None:
                        spooled.close()
                    raise
        except BodyTooLarge as error:
            raise RequestTooLarge(error.size, self.max_request_size) from None
        except MalformedBody as error:
            raise AWSError("InvalidRequest", malformed_chunked_message(error)) from None
        except IncompleteBodyError as error:
            if error.timed_out:
                raise RequestTimeout() from None
            raise IncompleteBody(length) from None
        if spooled is not None:
            # Kept on disk until routed: a service that streams bodies reads it from there.
            environ[SPOOLED_BODY] = spooled
        return Request.from_environ(environ, data)

    def _service_of(self, environ: dict) -> tuple[str | None, Any]:
        """The service (and headers) of a request whose body could not be read, for the error's shape."""
        request = Request.from_environ(environ, b"")
        try:
            return self.route(request), request.headers
        except Exception:  # noqa: BLE001 - an unroutable request gets the default shape
            return self.default_service, request.headers


class RequestTimeout(AWSError):
    def __init__(self) -> None:
        super().__init__(
            "RequestTimeout",
            "Your socket connection to the server was not read from or written to within the "
            "timeout period. Idle connections will be closed.",
        )


def _is_cors_preflight(request: Request) -> bool:
    return (
        request.method == "OPTIONS"
        and bool(request.headers.get("Origin"))
        and bool(request.headers.get("Access-Control-Request-Method"))
    )


def _with_cors(response: Response, request: Request, preflight: bool = False) -> Response:
    headers = response.headers
    headers.setdefault("Access-Control-Allow-Origin", request.headers.get("Origin") or "*")
    headers.setdefault("Access-Control-Expose-Headers", CORS_EXPOSE_HEADERS)
    if preflight:
        headers["Access-Control-Allow-Methods"] = CORS_ALLOW_METHODS
        headers["Access-Control-Allow-Headers"] = (
            request.headers.get("Access-Control-Request-Headers") or CORS_ALLOW_HEADERS
        )
        headers["Access-Control-Max-Age"] = "600"
    return response
