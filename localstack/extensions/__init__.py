"""The extension API: users' own packages add listeners, edge routes and whole services.

    from localstack.extensions import Extension, ProxyListener, Route, Service

See the README's "Extending" section; `api.py` documents each hook.
"""

from localstack.extensions.api import Extension, Route, Service, identity
from localstack.services.backends import Backend
from localstack.services.generic_proxy import ProxyListener
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request

__all__ = ["AWSError", "Backend", "Extension", "ProxyListener", "Request", "Route", "Service", "identity"]
