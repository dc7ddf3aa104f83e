"""The service registry: name -> legacy port, listeners, backend factory, health check.

Everything that lists services (edge, CLI, health endpoint) reads it; nothing else does.
Each service registers in `localstack/services/<svc>/<svc>_starter.py` with a `service()` function.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from functools import partial
from types import ModuleType
from typing import Callable

from localstack import constants
from localstack.config import Config
from localstack.services.backends import Backend, HttpBackend, MotoBackend
from localstack.services.deferred_listener import DeferredListener
from localstack.services.generic_proxy import ProxyListener, ServiceProxy

# Our service name -> its package under localstack/services (package names are identifiers).
PACKAGES: dict[str, str] = {
    name: name
    for name in (
        "acm apigateway apigatewayv2 cloudformation cloudwatch dynamodb dynamodbstreams ec2 es events "
        "firehose iam kinesis kms logs opensearch redshift resourcegroupstaggingapi route53 s3 "
        "secretsmanager ses sns sqs ssm stepfunctions sts swf ecs ecr glue rds sagemaker cloudtrail batch "
        "autoscaling"
    ).split()
}
PACKAGES["lambda"] = "awslambda"


@dataclass
class ServiceSpec:
    name: str
    listeners: Callable[[], list[ProxyListener]] = list
    # The patches module, or its dotted name: imported when the backend is first built, not at start.
    patches: ModuleType | str | None = None
    moto_name: str | None = None
    health_check: Callable[[], bool] | None = None
    # Called once every port listens (start pollers, schedulers); must not import moto eagerly.
    on_start: Callable[[], None] | None = None

    def build_backend(self, config: Config) -> Backend:
        url = config.backends.get(self.name)
        if url:
            return HttpBackend(url)
        patches = self.patches
        before_build = (lambda: apply_patches(patches)) if patches else None
        return MotoBackend(self.moto_name or self.name, before_build=before_build)


_applied_patches: set[str] = set()
_patches_lock = threading.RLock()


def apply_patches(module: ModuleType | str) -> None:
    """Run a service's `patches.apply()` once per process, whoever needs it first."""
    name = module if isinstance(module, str) else module.__name__
    with _patches_lock:
        if name not in _applied_patches:
            if isinstance(module, str):
                module = importlib.import_module(module)
            module.apply()
            _applied_patches.add(name)


def patches_applied(module_name: str) -> bool:
    """Whether a service's patches have run (they run just before its moto backend is built)."""
    return module_name in _applied_patches


def load_spec(name: str) -> ServiceSpec:
    package = PACKAGES.get(name)
    if package is None:
        # A service moto serves alone: no listeners or patches of ours yet, but a protocol translation.
        moto_name = constants.MOTO_BACKEND_NAMES.get(name, name)
        if constants.PROTOCOLS[name] == "smithy-rpc-v2-cbor":
            # The CBOR codec loads on the service's first request.
            return ServiceSpec(
                name,
                listeners=lambda: [DeferredListener(partial(_cbor_listener, name))],
                moto_name=moto_name,
            )
        return ServiceSpec(name, moto_name=moto_name)
    module = importlib.import_module(f"localstack.services.{package}.{package}_starter")
    return module.service()


def _cbor_listener(name: str) -> ProxyListener:
    from localstack.utils.aws.rpc_v2_cbor import RpcV2CborListener

    return RpcV2CborListener(name)


def load_specs(config: Config) -> dict[str, ServiceSpec]:
    """The registration of every enabled service."""
    return {name: load_spec(name) for name in config.enabled_services()}


def build_proxies(specs: dict[str, ServiceSpec], config: Config) -> dict[str, ServiceProxy]:
    """A proxy for every registered service, backends not yet built."""
    return {
        name: ServiceProxy(name, spec.build_backend(config), spec.listeners()) for name, spec in specs.items()
    }


def load_proxies(config: Config) -> dict[str, ServiceProxy]:
    return build_proxies(load_specs(config), config)


def ports_of(config: Config) -> dict[int, list[str]]:
    """Legacy port -> the enabled services it serves (in registry order); edge-only services have none."""
    ports: dict[int, list[str]] = {}
    for name in config.enabled_services():
        port = config.port_of(name)
        if port is not None:
            ports.setdefault(port, []).append(name)
    return ports
