"""Every environment variable, parsed once into typed values (see DESIGN.md, Configuration)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from localstack import constants

TRUE_STRINGS = ("1", "true", "yes", "on")


class ConfigError(ValueError):
    """An environment variable holds a value we cannot use."""


def _gateway_server(env: Mapping[str, str]) -> str:
    mode = _lookup(env, "GATEWAY_SERVER").lower()
    return mode if mode in ("leader", "pool") else "threads"


def _lookup(env: Mapping[str, str], name: str, default: str = "") -> str:
    """Read NAME, accepting the LOCALSTACK_-prefixed form too (the plain one wins)."""
    value = env.get(name)
    if value is None:
        value = env.get(f"LOCALSTACK_{name}")
    return default if value is None else value.strip()


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = _lookup(env, name)
    return default if raw == "" else raw.lower() in TRUE_STRINGS


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = _lookup(env, name)
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from None


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = _lookup(env, name)
    if raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None


def _path(env: Mapping[str, str], name: str) -> Path | None:
    raw = _lookup(env, name)
    return Path(raw).expanduser() if raw else None


def parse_services(raw: str) -> tuple[list[str] | None, dict[str, int]]:
    """`SERVICES=s3,sqs:4600` -> (["s3", "sqs"], {"sqs": 4600}); empty means every service."""
    names: list[str] = []
    ports: dict[str, int] = {}
    for item in raw.replace(" ", "").split(","):
        if not item:
            continue
        name, _, port = item.partition(":")
        name = name.lower()
        if name not in constants.ALL_SERVICES:
            known = ", ".join(sorted(constants.ALL_SERVICES))
            raise ConfigError(f"SERVICES names unknown service {name!r}; known: {known}")
        names.append(name)
        if port:
            if name not in constants.LEGACY_PORTS:
                raise ConfigError(f"SERVICES gives {name} a port, but it is served by the edge only")
            if not port.isdigit() or not 0 < int(port) < 65536:
                raise ConfigError(f"SERVICES gives {name} an invalid port {port!r}")
            ports[name] = int(port)
    return (names or None), ports


# SYNCHRONOUS_<NAME>_EVENTS names that are not the service's own name.
SYNCHRONOUS_ALIASES = {"eventbridge": "events"}


def _synchronous_events(env: Mapping[str, str]) -> frozenset[str]:
    names = set()
    for name in (*constants.LEGACY_PORTS, *SYNCHRONOUS_ALIASES):
        if _bool(env, f"SYNCHRONOUS_{name.upper()}_EVENTS", False):
            names.add(SYNCHRONOUS_ALIASES.get(name, name))
    return frozenset(names)


def _default_data_home(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "localstack"


@dataclass(frozen=True)
class Config:
    services: list[str] | None = None
    service_ports: dict[str, int] = field(default_factory=dict)
    edge_port: int = constants.EDGE_PORT
    edge_bind_host: str = constants.DEFAULT_BIND_HOST
    use_legacy_ports: bool = True
    hostname_external: str = "localhost"
    data_dir: Path | None = None
    persistence: bool = False
    persistence_fsync: bool = False
    debug: bool = False
    ls_log: str = "info"
    lambda_executor: str = "local"
    default_region: str = constants.DEFAULT_REGION
    backends: dict[str, str] = field(default_factory=dict)
    kinesis_error_probability: float = 0.0
    dynamodb_error_probability: float = 0.0
    dynamodb_ttl_interval: float = 60.0
    # The dashboard at /_localstack/dashboard on the edge (START_WEB=0 turns it off).
    start_web: bool = True
    port_web_ui: int = 8080
    max_request_size: int = 5 * 1024**3 + 1024**2
    # Plain S3 Put/Get/Head, SQS Send/Receive/Delete, SNS Publish and DynamoDB Put/GetItem answered past
    # moto's request layer (the same backend calls and bytes); 0 sends them through moto's handlers.
    direct_ops: bool = True
    # S3 access control (anonymous requests, bucket policies, ACLs, Block Public Access) is on unless set.
    s3_skip_access_checks: bool = False
    http_idle_timeout: float = 60.0
    max_connections: int = 512
    # How the HTTP server gives requests threads: "threads" (one per connection) or "leader" (a
    # leader/follower pool over one epoll; bench/RESULTS.md compares them).
    gateway_server: str = "threads"
    body_memory_limit: int = 1024**2
    synchronous_events: frozenset[str] = frozenset()
    lambda_idle_seconds: float = 300.0
    lambda_max_workers: int = 64
    lambda_async_retry_delay: float = 0.5
    lambda_node_modules: Path | None = None
    docker_host: str = "unix:///var/run/docker.sock"
    run_dir: Path = field(default_factory=lambda: _default_data_home(os.environ))
    # `EXTENSIONS=pkg.module:Class,...`; `EXTENSIONS_AUTOLOAD=0` skips the installed entry points.
    extensions: tuple[str, ...] = ()
    extensions_autoload: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        services, service_ports = parse_services(_lookup(env, "SERVICES"))
        data_dir_raw = _lookup(env, "DATA_DIR")
        data_dir = Path(data_dir_raw).expanduser().resolve() if data_dir_raw else None
        backends = {}
        for name in constants.ALL_SERVICES:
            variable = f"{name.upper().replace('-', '_')}_BACKEND"
            url = _lookup(env, variable)
            if url:
                if not url.startswith(("http://", "https://")):
                    raise ConfigError(f"{variable} must be an http(s) URL, got {url!r}")
                backends[name] = url.rstrip("/")
        edge_port = _int(env, "EDGE_PORT", constants.EDGE_PORT)
        if not 0 <= edge_port < 65536:
            raise ConfigError(f"EDGE_PORT must be a port number, got {edge_port}")
        executor = _lookup(env, "LAMBDA_EXECUTOR", "local").lower()
        if executor not in ("local", "docker"):
            raise ConfigError(f"LAMBDA_EXECUTOR must be 'local' or 'docker', got {executor!r}")
        return cls(
            services=services,
            service_ports=service_ports,
            edge_port=edge_port,
            edge_bind_host=_lookup(env, "EDGE_BIND_HOST", constants.DEFAULT_BIND_HOST),
            use_legacy_ports=_bool(env, "USE_LEGACY_PORTS", True),
            hostname_external=_lookup(env, "HOSTNAME_EXTERNAL", "localhost"),
            data_dir=data_dir,
            persistence=_bool(env, "PERSISTENCE", False),
            persistence_fsync=_bool(env, "PERSISTENCE_FSYNC", False),
            debug=_bool(env, "DEBUG", False),
            ls_log=_lookup(env, "LS_LOG", "info").lower(),
            lambda_executor=executor,
            default_region=_lookup(env, "DEFAULT_REGION", constants.DEFAULT_REGION),
            backends=backends,
            kinesis_error_probability=_float(env, "KINESIS_ERROR_PROBABILITY", 0.0),
            dynamodb_error_probability=_float(env, "DYNAMODB_ERROR_PROBABILITY", 0.0),
            dynamodb_ttl_interval=_float(env, "DYNAMODB_TTL_INTERVAL", 60.0),
            start_web=_bool(env, "START_WEB", True),
            port_web_ui=_int(env, "PORT_WEB_UI", 8080),
            max_request_size=_int(env, "MAX_REQUEST_SIZE", 5 * 1024**3 + 1024**2),
            direct_ops=_bool(env, "DIRECT_OPS", True) and not _lookup(env, "MOTO_PRETTIFY_RESPONSES", ""),
            s3_skip_access_checks=_bool(env, "S3_SKIP_ACCESS_CHECKS", False),
            http_idle_timeout=_float(env, "HTTP_IDLE_TIMEOUT", 60.0),
            max_connections=max(1, _int(env, "MAX_CONNECTIONS", 512)),
            gateway_server=_gateway_server(env),
            body_memory_limit=max(0, _int(env, "BODY_MEMORY_LIMIT", 1024**2)),
            synchronous_events=_synchronous_events(env),
            lambda_idle_seconds=_float(env, "LAMBDA_IDLE_SECONDS", 300.0),
            lambda_max_workers=_int(env, "LAMBDA_MAX_WORKERS", 64),
            lambda_async_retry_delay=_float(env, "LAMBDA_ASYNC_RETRY_DELAY", 0.5),
            lambda_node_modules=Path(raw).expanduser()
            if (raw := _lookup(env, "LAMBDA_NODE_MODULES"))
            else None,
            docker_host=_lookup(env, "DOCKER_HOST", "unix:///var/run/docker.sock"),
            run_dir=data_dir or _default_data_home(env),
            extensions=tuple(item.strip() for item in _lookup(env, "EXTENSIONS").split(",") if item.strip()),
            extensions_autoload=_bool(env, "EXTENSIONS_AUTOLOAD", True),
        )

    def is_synchronous(self, service: str) -> bool:
        """SYNCHRONOUS_<SVC>_EVENTS=1: the service delivers its events before the call answers."""
        return service in self.synchronous_events

    def enabled_services(self) -> list[str]:
        return list(self.services) if self.services else list(constants.ALL_SERVICES)

    def is_enabled(self, service: str) -> bool:
        return self.services is None or service in self.services

    def port_of(self, service: str) -> int | None:
        """The service's legacy port; None for a service served by the edge only."""
        return self.service_ports.get(service, constants.LEGACY_PORTS.get(service))

    def as_table(self) -> dict[str, object]:
        """The effective configuration, for `localstack config`."""
        return {
            "SERVICES": ",".join(self.enabled_services()),
            "EDGE_PORT": self.edge_port,
            "EDGE_BIND_HOST": self.edge_bind_host,
            "USE_LEGACY_PORTS": int(self.use_legacy_ports),
            "HOSTNAME_EXTERNAL": self.hostname_external,
            "DATA_DIR": str(self.data_dir or ""),
            "PERSISTENCE": int(self.persistence),
            "PERSISTENCE_FSYNC": int(self.persistence_fsync),
            "DEBUG": int(self.debug),
            "LS_LOG": self.ls_log,
            "LAMBDA_EXECUTOR": self.lambda_executor,
            "DEFAULT_REGION": self.default_region,
            "KINESIS_ERROR_PROBABILITY": self.kinesis_error_probability,
            "DYNAMODB_ERROR_PROBABILITY": self.dynamodb_error_probability,
            "DYNAMODB_TTL_INTERVAL": self.dynamodb_ttl_interval,
            "START_WEB": int(self.start_web),
            "PORT_WEB_UI": self.port_web_ui,
            "MAX_REQUEST_SIZE": self.max_request_size,
            "DIRECT_OPS": int(self.direct_ops),
            "S3_SKIP_ACCESS_CHECKS": int(self.s3_skip_access_checks),
            "HTTP_IDLE_TIMEOUT": self.http_idle_timeout,
            "MAX_CONNECTIONS": self.max_connections,
            "GATEWAY_SERVER": self.gateway_server,
            "BODY_MEMORY_LIMIT": self.body_memory_limit,
            "LAMBDA_IDLE_SECONDS": self.lambda_idle_seconds,
            "LAMBDA_MAX_WORKERS": self.lambda_max_workers,
            "LAMBDA_ASYNC_RETRY_DELAY": self.lambda_async_retry_delay,
            "LAMBDA_NODE_MODULES": str(self.lambda_node_modules or ""),
            "DOCKER_HOST": self.docker_host,
            **{f"SYNCHRONOUS_{name.upper()}_EVENTS": 1 for name in sorted(self.synchronous_events)},
            "RUN_DIR": str(self.run_dir),
            "EXTENSIONS": ",".join(self.extensions),
            "EXTENSIONS_AUTOLOAD": int(self.extensions_autoload),
            **{f"{name.upper()}_BACKEND": url for name, url in self.backends.items()},
        }


_current: Config | None = None


def get_config() -> Config:
    """The configuration of this process, parsed from the environment on first use."""
    global _current
    if _current is None:
        _current = Config.from_env()
    return _current


def set_config(config: Config) -> None:
    """Install a configuration (the lifecycle manager and tests use this)."""
    global _current
    _current = config
