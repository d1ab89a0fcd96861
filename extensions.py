"""The Flask extensions, created once and bound to an app by `create_app`.

The factory and the blueprints both import from here, so nothing imports the factory back.
Anything that differs between two apps in one process lives in `app.extensions`.
"""

from pathlib import Path

from argon2 import PasswordHasher, profiles
from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from models.base import db

__all__ = ["Passwords", "csrf", "db", "limiter", "login_manager", "migrate"]

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
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
