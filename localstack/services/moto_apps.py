"""Builds moto's Flask app for one service (moto is imported on first use only)."""

from __future__ import annotations

import importlib
import os
import threading
from typing import Any, Callable, Iterable

from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, Map, Rule
from werkzeug.wrappers import Response

from localstack.utils import lazy_imports, memory
from localstack.utils.http import WSGIApp

_setup_lock = threading.Lock()
_setup_done = False


def prepare_environment() -> None:
    """Settings moto reads when `moto.settings` is first imported (patches import moto before any
    app is built, so this runs at start-up, before any moto import)."""
    # The edge answers CORS itself for every service; moto's flask-cors hooks cost each call ~40 us.
    os.environ["MOTO_DISABLE_GLOBAL_CORS"] = "1"
    lazy_imports.install()


def setup_moto() -> None:
    """Settings moto reads at import time; applied once, before the first moto import."""
    global _setup_done
    with _setup_lock:
        if _setup_done:
            return
        # The account comes from each request (x-moto-account-id); a global override would hide it.
        os.environ.pop("MOTO_ACCOUNT_ID", None)
        # Any well-formed region is served (request_checks refuses malformed ones), as on AWS's new regions.
        os.environ["MOTO_ALLOW_NONEXISTENT_REGION"] = "true"
        _cache_method_names()
        _faster_random_strings()
        _compact_botocore_data()
        _forget_model_instances()
        _faster_backend_lookup()
        _no_access_check_while_off()
        _setup_done = True


def _no_access_check_while_off() -> None:
    """moto imports its IAM access control (with moto's IAM, STS and botocore's credentials) on every
    S3 request and every request of a service that checks actions, only to count requests while its
    checks are off (`INITIAL_NO_AUTH_ACTION_COUNT`, infinite unless a test turns them on): count
    without the import, and check as moto does once they are on."""
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin as Mixin

    check_s3 = Mixin._authenticate_and_authorize_s3_action
    check_normal = Mixin._authenticate_and_authorize_normal_action

    def s3_action(self: Mixin, bucket_name: str | None = None, key_name: str | None = None) -> None:
        if Mixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
            Mixin.request_count += 1
            return
        check_s3(self, bucket_name, key_name)

    def normal_action(self: Mixin, resource: str = "*") -> None:
        if Mixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
            Mixin.request_count += 1
            return
        check_normal(self, resource)

    Mixin._authenticate_and_authorize_s3_action = s3_action  # type: ignore[method-assign]
    Mixin._authenticate_and_authorize_normal_action = normal_action  # type: ignore[method-assign]


def _faster_backend_lookup() -> None:
    """moto's `BackendDict[account]` takes a global lock, lists the dict's keys and looks itself up in
    the list of every BackendDict with a Python `__eq__` per entry, on each lookup (4 per request,
    ~7 % of an SQS SendMessage). When the account is there and the dict is registered (checked by
    identity, in C), that work would change nothing: answer directly."""
    import itertools
    import operator

    from moto.core.base_backend import BackendDict

    create_and_get = BackendDict.__getitem__
    is_ = operator.is_
    has = dict.__contains__
    get = dict.__getitem__

    def __getitem__(self: BackendDict, account_id: str) -> Any:
        if has(self, account_id) and any(map(is_, BackendDict._instances, itertools.repeat(self))):  # type: ignore[misc]
            return get(self, account_id)
        return create_and_get(self, account_id)

    BackendDict.__getitem__ = __getitem__  # type: ignore[method-assign, assignment]


def _forget_model_instances() -> None:
    """moto appends every model it ever creates (each SQS message, DynamoDB item, S3 grant...) to a
    per-class list for its dashboard, which we do not serve: nothing deleted was ever freed (a soak
    kept every message and item after their queue and table were deleted). Classes whose tracker is
    not a plain list (S3 keys and uploads, tracked weakly to be disposed on reset) keep theirs."""
    from moto.core.common_models import BaseModel

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        instance = super(BaseModel, cls).__new__(cls)  # type: ignore[misc]
        tracked = cls.instances_tracked  # type: ignore[attr-defined]
        if type(tracked) is not list:
            tracked.append(instance)
        return instance

    BaseModel.__new__ = __new__  # type: ignore[method-assign, assignment]


def _compact_botocore_data() -> None:
    """moto keeps each service's botocore model as OrderedDicts with all their documentation, and a
    boto3 session holding endpoints.json and every model again only to list a backend's regions:
    ~15 MB after the first S3, SQS, DynamoDB and SNS calls. Its models are loaded compact instead,
    sharing botocore's file with the request checks' models (only what the extras change is copied),
    and regions come from a table made once from endpoints.json (which is not kept)."""
    from moto.core import utils as moto_utils
    from moto.core.base_backend import AccountSpecificBackend
    from moto.core.loaders import Loader as MotoLoader
    from moto.core.loaders import moto_root

    from localstack.utils.aws.botocore_data import (
        CompactJSONFileLoader,
        available_regions,
        data_file,
        with_extras,
    )
    from localstack.utils.aws.request_checks.models import service_model

    def load_service_model(service_name: str, model_name: str) -> dict[str, Any]:
        # What moto's loader makes (botocore's file with moto's extras instead of botocore's SDK
        # extras), sharing the file with the request checks' model.
        loader = MotoLoader(extra_search_paths=[moto_root], file_loader=CompactJSONFileLoader())
        version = loader.determine_latest_version(service_name, model_name)
        extras = loader._find_extras(service_name, model_name, version)
        return with_extras(data_file(service_name, model_name), extras)  # type: ignore[no-any-return]

    def generate_regions(self: AccountSpecificBackend, service_name: str) -> list[str]:
        # As `Session.get_available_regions` in every partition: by the model's endpoint prefix.
        model = service_model(service_name)
        if model is None:
            return []
        return available_regions(model.metadata.get("endpointPrefix", service_name))

    moto_utils._load_service_model = load_service_model
    AccountSpecificBackend._generate_regions = generate_regions  # type: ignore[method-assign]


def _faster_random_strings() -> None:
    """moto draws each character of a request id (52 per request) with its own `random.choice`
    call; `choices(k=...)` draws them in one call from the same seeded generator."""
    import string

    from moto.moto_api._internal.moto_random import HEX_CHARS, MotoRandom

    hex_chars = [str(c) for c in HEX_CHARS]

    def get_random_string(
        self: MotoRandom, length: int = 20, include_digits: bool = True, lower_case: bool = False
    ) -> str:
        pool = string.ascii_letters + (string.digits if include_digits else "")
        value = "".join(self.choices(pool, k=length))
        return value.lower() if lower_case else value

    def get_random_hex(self: MotoRandom, length: int = 8) -> str:
        return "".join(self.choices(hex_chars, k=length))

    MotoRandom.get_random_string = get_random_string  # type: ignore[method-assign]
    MotoRandom.get_random_hex = get_random_hex  # type: ignore[method-assign]


def _cache_method_names() -> None:
    """moto lists a response class's methods with `inspect.getmembers` on every request (a third of
    a DynamoDB GetItem's server time): the methods of a class do not change, so list them once."""
    from moto.core import responses

    original = responses.method_names_from_class
    cache: dict[type, list[str]] = {}

    def method_names_from_class(clazz: type) -> list[str]:
        names = cache.get(clazz)
        if names is None:
            names = cache[clazz] = original(clazz)
        return names

    responses.method_names_from_class = method_names_from_class


def build_moto_app(service: str) -> WSGIApp:
    setup_moto()
    return DirectMotoApp(moto_routes(service))


# What moto's Flask app accepts on every route.
HTTP_METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"]


def moto_backends(service: str) -> Any:
    """moto's backends of `service`, as `moto.backends.get_backend` finds them. Most services' are
    `moto.<service>.<service>_backends`; that module (typed overloads for each of moto's ~160 services,
    ~2.5 ms of CPU at a service's first call) is imported only for a service named otherwise."""
    name = service.replace("-", "")
    try:
        return getattr(importlib.import_module(f"moto.{name}"), f"{name}_backends")
    except (ImportError, AttributeError):
        from moto.backends import get_backend

        return get_backend(service)  # type: ignore[arg-type]


def moto_routes(service: str) -> list[tuple[str, Callable]]:
    """(URL rule, handler) of each route moto's server app (`create_backend_app`) serves for a
    service, in its order: the backend's URL paths, as werkzeug rules."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.core.base_backend import BackendDict

    backend_dict = moto_backends(service)
    # Any one backend: only its URL table is read.
    if isinstance(backend_dict, BackendDict):
        regions = backend_dict[DEFAULT_ACCOUNT_ID]
        backend = regions["us-east-1"] if "us-east-1" in regions else regions["aws"]
    else:
        backend = backend_dict["global"]
    # moto's app skips an empty path (a service answered at the host's root only).
    return [(path, handler) for path, handler in backend.flask_paths.items() if path]


class _MatchingRule(Rule):
    """A rule of moto's routes, which are matched and never built into URLs: werkzeug compiles two URL
    builders for each rule it adds (Python source generated and compiled, ~8 % of the CPU of S3's first
    request with its five rules); here each is compiled when first called, if ever."""

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        attribute = "_build_unknown" if append_unknown else "_build"

        def build(rule: Rule, *args: Any, **kwargs: Any) -> tuple[str, str]:
            compiled = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            setattr(rule, attribute, compiled)
            return compiled(*args, **kwargs)  # type: ignore[no-any-return]

        return build


# Bounded because S3 paths hold object keys: when full it starts over.
_MATCH_CACHE_SIZE = 2048


class DirectMotoApp:
    """Serves moto's handlers of one service as moto's Flask server app routes and calls them, without
    Flask: the URL is matched on a werkzeug map of the same rules and the handler called as moto's
    Flask view (`convert_to_flask_response`) calls it.

    Flask's contexts, URL adapter, response processing and teardown cost a fifth of a simple call's
    server time and add nothing here (no sessions, no hooks; the edge answers CORS); importing Flask,
    click, itsdangerous and pdb for it cost ~4 MB of RSS. What matches no rule gets the answer
    moto's Flask app gives: werkzeug's 404 or 405 page, or the redirect of a merged slash.
    """

    def __init__(self, routes: list[tuple[str, Callable]]) -> None:
        from moto.core.request import Request

        self.url_map = Map(converters={"regex": _RegexConverter})
        self.handlers: dict[int, Callable] = {}
        for endpoint, (path, handler) in enumerate(routes):
            rule = _MatchingRule(path, endpoint=endpoint, methods=HTTP_METHODS, strict_slashes=False)
            self.url_map.add(rule)
            self.handlers[endpoint] = handler
        self.request_class = type("ServerRequest", (Request,), {"from_wsgi_server": True})
        self.response_class = _FlaskDefaultsResponse
        # A rule matches on path and method alone (no host or subdomain rules): werkzeug's matcher
        # walks its state machine for each request, the same (path, method) always gets the same rule.
        self._matched: dict[tuple[str, str], int] = {}
        # Its entries, made while a large data set is live, would alone keep that data's arenas resident.
        memory.release_after_large_deletes(self._matched.clear)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        return self.respond(environ)(environ, start_response)  # type: ignore[no-any-return]

    def respond(self, environ: dict) -> Response:
        """The response object moto's Flask app would send (`utils.http.call_wsgi` calls this and
        skips a WSGI round trip)."""
        key = (environ["PATH_INFO"], environ["REQUEST_METHOD"])
        endpoint = self._matched.get(key)
        if endpoint is None:
            try:
                endpoint, _ = self.url_map.bind_to_environ(environ).match()
            except HTTPException as error:
                return error.get_response(environ)
            if len(self._matched) >= _MATCH_CACHE_SIZE:
                self._matched.clear()
            self._matched[key] = endpoint
        return self._call_handler(self.handlers[endpoint], environ)  # type: ignore[no-any-return]

    def _call_handler(self, handler: Callable, environ: dict) -> Any:
        """What moto's `convert_to_flask_response` does inside Flask, with the same result."""
        from botocore.exceptions import ClientError
        from moto.moto_api import recorder

        request = self.request_class(environ)
        recorder._record_request(request)
        try:
            result = handler(request, request.raw_url, dict(request.headers))
        except ClientError as error:
            result = 400, {}, error.response["Error"]["Message"]
        if len(result) == 3:
            status, headers, content = result
        else:
            status, headers, content = 200, {}, result
        response = self.response_class(response=content, status=status, headers=headers)
        if request.method == "HEAD" and "content-length" in headers:
            response.headers["Content-Length"] = headers["content-length"]
        return response


class _FlaskDefaultsResponse(Response):
    """A response as Flask makes it: a body without a content type is text/html."""

    default_mimetype = "text/html"


class _RegexConverter(BaseConverter):
    """moto's `regex` rule converter: the rule gives the pattern, which may span slashes."""

    part_isolating = False

    def __init__(self, url_map: Map, *items: str) -> None:
        super().__init__(url_map)
        self.regex = items[0]


def reset_moto_backend(service: str) -> bool:
    """Drop every resource moto holds for a service, in every account and region."""
    from moto.backends import get_backend

    try:
        get_backend(service).reset()  # type: ignore[arg-type]
    except Exception:
        return False
    return True
