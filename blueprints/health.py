"""Health checks for load balancers, orchestrators and monitoring (docs/deploy.md).

`/healthz` (liveness) answers as long as the process serves requests, without touching the
database: restarting a web process cures nothing when PostgreSQL is down. `/readyz`
(readiness) checks what serving readers needs (database, Redis when configured, migrations at
head) and answers 503 until it is all there, so traffic goes elsewhere meanwhile. Neither
is rate limited or cached.
"""

from flask import Blueprint

from extensions import limiter
from services import readiness

bp = Blueprint("health", __name__)

NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/healthz")
@limiter.exempt
def healthz():
    return {"status": "ok"}, 200, NO_STORE


@bp.get("/readyz")
@limiter.exempt
def readyz():
    ready, checks = readiness.report()
    return {"status": "ok" if ready else "error", "checks": checks}, 200 if ready else 503, NO_STORE
