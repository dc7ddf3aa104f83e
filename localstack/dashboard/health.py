"""The dashboard's health view: each service's state and port, and the effective configuration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import localstack

if TYPE_CHECKING:
    from localstack.services.infra import Infrastructure


def health(infra: Infrastructure) -> dict[str, Any]:
    from localstack.services.info_endpoints import redact

    ports = infra.port_map()
    return {
        "version": localstack.__version__,
        "services": [
            {"name": name, "state": proxy.state, "port": ports.get(name, infra.edge_port)}
            for name, proxy in sorted(infra.proxies.items())
        ],
        "config": {key: redact(str(value)) for key, value in infra.config.as_table().items()},
    }
