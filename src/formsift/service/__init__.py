"""The formsift HTTP service: extraction API, asynchronous jobs with webhooks, a review
queue with a web page, an audit trail, API keys and Prometheus metrics.

Install the ``service`` extra (``pip install "formsift[service]"``) and run
``formsift serve``; or build the ASGI app yourself::

    from formsift.service import ServiceConfig, create_app
    app = create_app(ServiceConfig(db_url="sqlite:///formsift.db"))

See ``docs/service.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formsift.service.app import create_app
    from formsift.service.config import ServiceConfig

__all__ = ["ServiceConfig", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from formsift.service.app import create_app

        return create_app
    if name == "ServiceConfig":
        from formsift.service.config import ServiceConfig

        return ServiceConfig
    raise AttributeError(name)
