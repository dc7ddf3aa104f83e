"""Configuration from the environment: SERVICES, prefixed names, booleans, backends, defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from localstack import config as config_module
from localstack import constants
from localstack.config import Config, ConfigError, parse_services


def from_env(**env: str) -> Config:
    return Config.from_env(env)


# defaults


def test_defaults():
    config = from_env()
    assert config.edge_bind_host == "127.0.0.1"
    assert config.edge_port == 4566
    assert config.use_legacy_ports is True
    assert config.hostname_external == "localhost"
    assert config.default_region == "us-east-1"
    assert config.services is None
    assert config.enabled_services() == list(constants.ALL_SERVICES)
    assert config.is_enabled("s3") and config.is_enabled("resourcegroupstaggingapi")
    assert config.port_of("s3") == 4572
    assert config.port_of("sqs") == 4576
    assert config.backends == {}
    assert config.persistence is False
    assert config.debug is False
    assert config.lambda_executor == "local"


def test_data_dir_sets_the_run_dir(tmp_path):
    config = from_env(DATA_DIR=str(tmp_path))
    assert config.data_dir == tmp_path.resolve()
    assert config.run_dir == tmp_path.resolve()


def test_run_dir_defaults_to_the_cache_home(tmp_path):
    assert from_env(XDG_CACHE_HOME=str(tmp_path)).run_dir == Path(tmp_path) / "localstack"


# SERVICES


def test_services_names():
    config = from_env(SERVICES="s3,sqs")
    assert config.services == ["s3", "sqs"]
    assert config.enabled_services() == ["s3", "sqs"]
    assert config.is_enabled("sqs")
    assert not config.is_enabled("dynamodb")
    assert config.service_ports == {}


def test_services_are_case_and_space_tolerant():
    assert from_env(SERVICES=" S3 , Sqs ,").services == ["s3", "sqs"]


def test_services_with_ports():
    config = from_env(SERVICES="s3:4600,sqs")
    assert config.services == ["s3", "sqs"]
    assert config.service_ports == {"s3": 4600}
    assert config.port_of("s3") == 4600
    assert config.port_of("sqs") == 4576


def test_services_empty_means_all():
    assert parse_services("") == (None, {})
    assert parse_services(" , ") == (None, {})


def test_services_unknown_name_is_an_error_listing_the_known_ones():
    with pytest.raises(
        ConfigError, match="unknown service 'nosuch'.*known: account, acm, acm-pca, apigateway"
    ):
        from_env(SERVICES="s3,nosuch")


@pytest.mark.parametrize("port", ["abc", "0", "65536", "-1", "45.5"])
def test_services_bad_port_is_an_error(port):
    with pytest.raises(ConfigError, match="invalid port"):
        from_env(SERVICES=f"s3:{port}")


# LOCALSTACK_ prefixed names


def test_prefixed_forms_are_accepted():
    config = from_env(
        LOCALSTACK_SERVICES="sqs",
        LOCALSTACK_EDGE_PORT="4999",
        LOCALSTACK_EDGE_BIND_HOST="0.0.0.0",
        LOCALSTACK_DEBUG="1",
        LOCALSTACK_HOSTNAME_EXTERNAL="example.test",
    )
    assert config.services == ["sqs"]
    assert config.edge_port == 4999
    assert config.edge_bind_host == "0.0.0.0"
    assert config.debug is True
    assert config.hostname_external == "example.test"


def test_plain_form_wins_over_prefixed():
    config = from_env(EDGE_PORT="4000", LOCALSTACK_EDGE_PORT="5000")
    assert config.edge_port == 4000


# booleans and numbers


@pytest.mark.parametrize("raw", ["1", "true", "True", "yes", "on", " 1 "])
def test_true_booleans(raw):
    assert from_env(DEBUG=raw, PERSISTENCE=raw).debug is True
    assert from_env(PERSISTENCE=raw).persistence is True


@pytest.mark.parametrize("raw", ["0", "false", "no", "off", "nope"])
def test_false_booleans(raw):
    assert from_env(DEBUG=raw).debug is False
    assert from_env(USE_LEGACY_PORTS=raw).use_legacy_ports is False


def test_empty_boolean_keeps_the_default():
    assert from_env(USE_LEGACY_PORTS="").use_legacy_ports is True
    assert from_env(DEBUG="").debug is False


def test_numbers():
    config = from_env(EDGE_PORT="0", KINESIS_ERROR_PROBABILITY="0.5", PORT_WEB_UI="9000")
    assert config.edge_port == 0
    assert config.kinesis_error_probability == 0.5
    assert config.port_web_ui == 9000


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("EDGE_PORT", "abc", "EDGE_PORT must be an integer"),
        ("EDGE_PORT", "70000", "EDGE_PORT must be a port number"),
        ("DYNAMODB_ERROR_PROBABILITY", "often", "must be a number"),
        ("LAMBDA_EXECUTOR", "kubernetes", "LAMBDA_EXECUTOR must be 'local' or 'docker'"),
    ],
)
def test_bad_values_are_errors_naming_the_variable(name, raw, message):
    with pytest.raises(ConfigError, match=message):
        from_env(**{name: raw})


# <SVC>_BACKEND


def test_backend_urls():
    config = from_env(S3_BACKEND="http://127.0.0.1:9000/", LOCALSTACK_SQS_BACKEND="https://sqs.example.test")
    assert config.backends == {"s3": "http://127.0.0.1:9000", "sqs": "https://sqs.example.test"}
    assert config.as_table()["S3_BACKEND"] == "http://127.0.0.1:9000"


@pytest.mark.parametrize("url", ["127.0.0.1:9000", "ftp://host", "localhost"])
def test_backend_must_be_an_http_url(url):
    with pytest.raises(ConfigError, match="S3_BACKEND must be an http"):
        from_env(S3_BACKEND=url)


# the effective configuration


def test_as_table_shows_the_effective_values():
    table = from_env(SERVICES="s3,sqs", DEBUG="yes").as_table()
    assert table["SERVICES"] == "s3,sqs"
    assert table["EDGE_PORT"] == 4566
    assert table["EDGE_BIND_HOST"] == "127.0.0.1"
    assert table["DEBUG"] == 1
    assert table["USE_LEGACY_PORTS"] == 1


def test_get_config_reads_the_process_environment_once(monkeypatch):
    monkeypatch.setattr(config_module, "_current", None)
    monkeypatch.setenv("SERVICES", "kms")
    monkeypatch.delenv("LOCALSTACK_SERVICES", raising=False)
    first = config_module.get_config()
    assert first.services == ["kms"]
    monkeypatch.setenv("SERVICES", "s3")
    assert config_module.get_config() is first
    replacement = from_env(SERVICES="sqs")
    config_module.set_config(replacement)
    assert config_module.get_config() is replacement


@pytest.mark.parametrize(
    ("value", "mode"),
    [("", "threads"), ("threads", "threads"), ("leader", "leader"), ("POOL", "pool"), ("bogus", "threads")],
)
def test_gateway_server_modes(value: str, mode: str) -> None:
    assert from_env(GATEWAY_SERVER=value).gateway_server == mode
