"""The contest server: create_app wires the parts, in small named steps."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: type | None = None) -> Flask:
    # Imported here so that run.py can monkey-patch before Flask is loaded.
    from flask import Flask

    from contest.config import PROJECT_ROOT, Config

    app = Flask(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.from_object(config or Config)
    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    register_realtime(app)
    register_security(app)
    return app


def register_logging(app: Flask) -> None:
    from contest import logs

    logs.init_app(app)


def register_extensions(app: Flask) -> None:
    from contest import database, i18n
    from contest.config import PROJECT_ROOT
    from contest.extensions import csrf, db, limiter, login, migrate

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login.init_app(app)
    i18n.init_app(app)


def register_blueprints(app: Flask) -> None:
    from contest.api import bp as api_bp
    from contest.api import join
    from contest.web import assets, errors
    from contest.web.display import bp as display_bp
    from contest.web.organiser import bp as organiser_bp
    from contest.web.participant import bp as participant_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(organiser_bp)
    app.register_blueprint(participant_bp)
    app.register_blueprint(display_bp)
    errors.init_app(app)
    assets.init_app(app)
    join.init_app(app)  # before Flask: the join is the 9:00 hot path


def register_cli(app: Flask) -> None:
    from contest import cli

    cli.init_app(app)


def register_security(app: Flask) -> None:
    """Headers on every response; last, so the proxy fix wraps Socket.IO's requests too."""
    from contest import security

    security.init_app(app)
    security.trust_proxies(app)


def register_realtime(app: Flask) -> None:
    from contest import realtime

    realtime.init_app(app)
