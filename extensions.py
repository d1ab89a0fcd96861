"""The Flask extensions, created once and bound to an app by `create_app`.

The factory and the blueprints both import from here, so nothing imports the factory back.
Anything that differs between two apps in one process lives in `app.extensions`.
"""

import ipaddress
from pathlib import Path

from argon2 import PasswordHasher, profiles
from flask import Flask, current_app, request
from flask_caching import Cache
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from limits.storage import Storage, storage_from_string

from models.base import db

__all__ = [
    "LoginCounters",
    "Passwords",
    "cache",
    "client_key",
    "csrf",
    "db",
    "limiter",
    "login_manager",
    "migrate",
]

# An IPv6 client usually holds a whole /64 and can pick a new address in it for every request.
IPV6_CLIENT_PREFIX = 64


def network_key(address: str | None) -> str:
    """What a client's rate limits are counted against: its IPv4 address, or its IPv6 /64."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(ip)


def client_key() -> str:
    """The rate-limit key of the current request's client (see `network_key`)."""
    return network_key(request.remote_addr)


# Values counted over the whole library (services.cached); config.py picks the backend.
cache = Cache()
csrf = CSRFProtect()
limiter = Limiter(key_func=client_key)
login_manager = LoginManager()
migrate = Migrate(directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)


class Passwords:
    """The argon2 hasher of an app, at the cost its `ARGON2_PROFILE` names (tests use CHEAPEST).

    It also keeps a hash to verify against when no account matches, so a wrong email costs as
    much time as a wrong password.
    """

    KEY = "plainly.passwords"

    def __init__(self, profile: str):
        self.hasher = PasswordHasher.from_parameters(getattr(profiles, profile))
        self.dummy_hash = self.hasher.hash("plainly-no-such-account")

    @classmethod
    def init_app(cls, app: Flask) -> None:
        app.extensions[cls.KEY] = cls(app.config["ARGON2_PROFILE"])

    @classmethod
    def current(cls) -> "Passwords":
        return current_app.extensions[cls.KEY]


class LoginCounters:
    """Where failed log-ins are counted per account: the rate limits' storage (`REDIS_URL`
    in production, so every server process sees the same counts), one per app."""

    KEY = "plainly.login_counters"

    @classmethod
    def init_app(cls, app: Flask) -> None:
        app.extensions[cls.KEY] = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])

    @classmethod
    def current(cls) -> Storage:
        return current_app.extensions[cls.KEY]
