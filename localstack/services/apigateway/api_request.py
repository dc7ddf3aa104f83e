"""One call of a deployed API as the integrations see it, read off the HTTP request that reached us."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

from werkzeug.datastructures import Headers

from localstack.utils import fast_ids

# `/restapis/<id>/<stage>/_user_request_/<path>` and `<id>.execute-api.<anything>` hosts.
USER_REQUEST_PATH = re.compile(r"^/restapis/([A-Za-z0-9]+)/([^/]+)/_user_request_(/.*)?$")
EXECUTE_API_HOST = re.compile(r"^([A-Za-z0-9]+)\.execute-api\.", re.IGNORECASE)

_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript")
_TEXT_MARKERS = ("+json", "+xml", "json", "xml", "javascript", "x-www-form-urlencoded", "yaml", "graphql")


@dataclass
class ApiRequest:
    """A call of a deployed API. `path` follows the stage (`/pets/1`), percent-decoded."""

    api_id: str
    method: str
    stage_path: str  # the raw path after the host: `/dev/pets/1` or `/pets/1` for `$default` stages
    query_string: str
    headers: Headers
    body: bytes
    source_ip: str = "127.0.0.1"
    domain_name: str = "localhost"
    stage: str = ""
    path: str = "/"
    account_id: str = ""
    region: str = ""
    request_id: str = field(default_factory=fast_ids.request_id)
    time_epoch_ms: int = field(default_factory=lambda: int(time.time() * 1000))

    def split_stage(self) -> None:
        """Take the first path segment as the stage name."""
        parts = self.stage_path.lstrip("/").split("/", 1)
        self.stage = unquote(parts[0])
        self.path = "/" + (parts[1] if len(parts) > 1 else "")

    @property
    def decoded_path(self) -> str:
        return unquote(self.path)

    def multi_query(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for key, value in parse_qsl(self.query_string, keep_blank_values=True):
            result.setdefault(key, []).append(value)
        return result

    def multi_headers(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for key, value in self.headers.items():
            result.setdefault(key, []).append(value)
        return result

    @property
    def request_time(self) -> str:
        return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(self.time_epoch_ms / 1000))

    @property
    def user_agent(self) -> str | None:
        return self.headers.get("User-Agent")


def is_text(content_type: str | None, body: bytes) -> bool:
    """Whether a body travels to Lambda as text (HTTP APIs and function URLs base64 the rest)."""
    if not body:
        return True
    ctype = (content_type or "").lower().split(";")[0].strip()
    if not ctype:
        try:
            body.decode("utf-8")
            return True
        except UnicodeDecodeError:
            return False
    return ctype.startswith(_TEXT_TYPES) or any(marker in ctype for marker in _TEXT_MARKERS)


def media_type_matches(media_type: str, patterns: list[str]) -> bool:
    """`image/png` against binaryMediaTypes such as `image/*` or `*/*`."""
    media_type = (media_type or "").lower().split(";")[0].strip()
    if not media_type:
        return False
    for pattern in patterns or []:
        pattern = pattern.lower().replace("~1", "/")
        if pattern == "*/*" or pattern == media_type:
            return True
        if pattern.endswith("/*") and media_type.startswith(pattern[:-1]):
            return True
    return False


def first_values(multi: dict[str, list[str]]) -> dict[str, str] | None:
    """The last value of each key (as API Gateway's single-value maps), None when empty."""
    return {key: values[-1] for key, values in multi.items()} or None


def lower_keys(headers: Any) -> dict[str, str]:
    """Header names lowercased, repeated values joined with commas (payload 2.0)."""
    out: dict[str, str] = {}
    for key, value in headers.items():
        key = key.lower()
        out[key] = f"{out[key]},{value}" if key in out else value
    return out
