"""The WSGI layers around the app: the health probes' host, then ProxyFix from configuration.

A load balancer or an orchestrator probes `/healthz` and `/readyz` by the server's own
address, which is not among `TRUSTED_HOSTS`: for those two paths only, the request is handed
on under the site's first trusted host, so the probe is answered instead of refused. Their
answers hold no link, so the host they name changes nothing in them.
"""

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

HEALTH_PATHS = frozenset({"/healthz", "/readyz"})

WSGIApp = Callable[[dict[str, Any], Callable], Iterable[bytes]]


def probe_host(wsgi_app: WSGIApp, host: str) -> WSGIApp:
    """`wsgi_app`, answering the health paths whatever `Host` the probe sends."""

    def app(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") in HEALTH_PATHS:
            environ["HTTP_HOST"] = host
        return wsgi_app(environ, start_response)

    return app


def wrap(app: Flask) -> None:
    """Put the layers the configuration asks for around `app.wsgi_app` (once, at start)."""
    config = app.config
    if hosts := config["TRUSTED_HOSTS"]:
        app.wsgi_app = probe_host(app.wsgi_app, hosts[0])
    hops = {
        "x_for": config["PROXY_FIX_FOR"],
        "x_proto": config["PROXY_FIX_PROTO"],
        "x_host": config["PROXY_FIX_HOST"],
        "x_prefix": config["PROXY_FIX_PREFIX"],
    }
    if any(hops.values()):
        # Only that many proxies are believed about the client's address, scheme and host.
        app.wsgi_app = ProxyFix(app.wsgi_app, **hops)
