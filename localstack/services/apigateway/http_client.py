"""Outgoing HTTP calls of HTTP and HTTP_PROXY integrations, over one shared connection pool."""

from __future__ import annotations

from typing import Any

from localstack.services.apigateway.lambda_invoke import IntegrationFailure

_pool: Any = None
# Hop-by-hop headers are the connection's own, never forwarded (RFC 7230, 6.1).
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length"}


def _manager() -> Any:
    global _pool
    if _pool is None:
        import urllib3

        _pool = urllib3.PoolManager(maxsize=16, retries=False)
    return _pool


def call(
    method: str, url: str, headers: dict[str, str], body: bytes, timeout: float
) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, headers, body) of the integration endpoint; a connection failure or timeout is
    answered as API Gateway does (500 / 504 / 502)."""
    import urllib3

    if not url.lower().startswith(("http://", "https://")):
        raise IntegrationFailure(500, "Internal server error")
    try:
        response = _manager().request(
            method.upper(),
            url,
            body=body or None,
            headers=headers,
            timeout=urllib3.Timeout(connect=min(timeout, 10.0), read=timeout),
            redirect=False,
            preload_content=True,
            decode_content=False,
        )
    except urllib3.exceptions.NewConnectionError:
        # Nothing listens there: API Gateway logs a configuration error and answers 500.
        raise IntegrationFailure(500, "Internal server error") from None
    except urllib3.exceptions.TimeoutError:
        raise IntegrationFailure(504, "Endpoint request timed out") from None
    except urllib3.exceptions.HTTPError:
        raise IntegrationFailure(502, "Internal server error") from None
    response_headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _HOP_BY_HOP]
    return response.status, response_headers, response.data
