"""localstack: a local AWS cloud built on moto behind a proxy-interceptor gateway."""

__version__ = "0.1.0"
