"""The state endpoints under /_localstack/state: export, import, save, load and the snapshot list."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Callable
from urllib.parse import parse_qs

from werkzeug.wrappers import Response

from localstack.persistence.files import StateFileError
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request, json_response

if TYPE_CHECKING:
    from localstack.services.infra import Infrastructure

LOG = logging.getLogger(__name__)
PREFIX = "/_localstack/state"


def register(infra: Infrastructure) -> None:
    routes: dict[str, tuple[str, Callable[[Infrastructure, Request], Response]]] = {
        "export": ("POST", _export),
        "import": ("POST", _import),
        "save": ("POST", _save),
        "load": ("POST", _load),
        "snapshots": ("GET", _snapshots),
    }
    for name, (method, handler) in routes.items():
        infra.internal.register(f"{PREFIX}/{name}", _guarded(infra, method, handler))  # type: ignore[union-attr]


def _guarded(
    infra: Infrastructure, method: str, handler: Callable[[Infrastructure, Request], Response]
) -> Callable[[Request], Response]:
    def handle(request: Request) -> Response:
        if request.method != method:
            raise AWSError(
                "MethodNotAllowed", f"{request.method} is not allowed on {request.path_only}: {method}", 405
            )
        try:
            return handler(infra, request)
        except StateFileError as error:
            raise AWSError("InvalidStateFile", str(error), 400) from None
        except FileNotFoundError as error:
            raise AWSError("SnapshotNotFound", str(error), 404) from None
        except ValueError as error:
            raise AWSError("InvalidParameterValue", str(error), 400) from None

    return handle


def _query(request: Request) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(request.query_string).items()}


def _services(request: Request) -> set[str] | None:
    raw = _query(request).get("services", "")
    names = {name.strip().lower() for name in raw.split(",") if name.strip()}
    return names or None


def _name(request: Request) -> str:
    name = _query(request).get("name", "")
    if not name:
        raise ValueError("give the snapshot a name: ?name=NAME")
    return name


def _export(infra: Infrastructure, request: Request) -> Response:
    from localstack.persistence import manager

    data = manager.export_state(infra, _services(request))
    return Response(
        data,
        mimetype="application/zip",
        headers={"Content-Disposition": 'attachment; filename="localstack-state.lsstate"'},
    )


def _import(infra: Infrastructure, request: Request) -> Response:
    from localstack.persistence import manager

    if not request.data:
        raise ValueError("send the archive as the request body")
    loaded = manager.import_state(infra, io.BytesIO(request.data), "uploaded archive", _services(request))
    LOG.info("State imported: %s", ", ".join(loaded) or "nothing")
    return json_response({"loaded": loaded})


def _save(infra: Infrastructure, request: Request) -> Response:
    from localstack.persistence import manager

    name = _name(request)
    manager.save_snapshot(infra, name, _services(request))
    return json_response({"saved": name})


def _load(infra: Infrastructure, request: Request) -> Response:
    from localstack.persistence import manager

    name = _name(request)
    loaded = manager.load_snapshot(infra, name, _services(request))
    return json_response({"loaded": loaded, "name": name})


def _snapshots(infra: Infrastructure, request: Request) -> Response:
    from localstack.persistence import manager

    return json_response({"snapshots": manager.list_snapshots(infra)})
