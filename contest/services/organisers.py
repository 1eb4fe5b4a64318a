"""Organiser accounts: creation, roles, the password check at sign-in.

Password hashes (scrypt) take a tenth of a second of CPU: they run in an OS thread
(`asyncmode.run_in_os_thread`) so the event loop keeps serving the hall meanwhile, and an
unknown name is checked against a dummy hash so that the time taken tells nothing.
Failed sign-ins are limited per address and, with a back-off, per account *and* address:
guessing one account's password from one place slows down, while the right password from
another address still gets in.
"""
from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from contest import asyncmode
from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import ROLES, Organiser
from contest.services.throttle import Throttle
from contest.services.tokens import (  # noqa: F401  (one place to import credentials from)
    end_session,
    end_sessions,
    issue_token,
    list_tokens,
    make_console_token,
    organiser_for_console_token,
    organiser_for_token,
    revoke_token,
    revoke_tokens,
    session_of,
    start_session,
)

MIN_PASSWORD = 8
MAX_NAME = 100
# One hash at a time: sixteen scrypts at once on two cores left the event loop's own thread
# a sliver of the CPU (/healthz waited 1.5 s in the chaos test); in turn they cost 0.1 s each.
# (Under eventlet and gevent `threading` is patched: waiting here is cooperative.)
_HASHING = threading.BoundedSemaphore(1)


def _hashed(fn, *args):
    with _HASHING:
        return asyncmode.run_in_os_thread(fn, *args)


@dataclass(frozen=True)
class LoginRules:
    """Failed sign-ins allowed per address (a moving window), and the back-off per account
    and address: ``free`` failures, then a wait that doubles up to ``longest_s``."""

    per_address: str = "20 per 10 minutes"
    free: int = 3
    longest_s: int = 300


def hash_password(password: str) -> str:
    return _hashed(generate_password_hash, password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def _check(password_hash: str | None, password: str) -> bool:
    """Runs in an OS thread: the scrypt of the account, or of a dummy when there is none."""
    matches = check_password_hash(password_hash or _dummy_hash(), password)
    return matches and password_hash is not None


def create_organiser(name: str, password: str, role: str | None = None) -> Organiser:
    """A new account; without ``role`` the first account administers, later ones organise."""
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME or not name.isprintable() or len(password) < MIN_PASSWORD:
        raise DomainError("bad_payload", N_("Tên không được trống, mật khẩu tối thiểu 8 ký tự."))
    if db.session.scalar(sa.select(Organiser).where(Organiser.name == name)):
        raise DomainError("conflict", N_("Đã có người tổ chức tên “%(name)s”.", name=name))
    if role is None:
        role = "organiser" if db.session.scalar(sa.select(Organiser.id).limit(1)) else "admin"
    _check_role(role)
    organiser = Organiser(name=name, role=role, password_hash=hash_password(password))
    db.session.add(organiser)
    db.session.commit()
    return organiser


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise DomainError("bad_payload", N_("Vai trò cần một trong: %(choices)s.", choices=", ".join(ROLES)),
                          field="role")


def find_organiser(name: str) -> Organiser:
    organiser = db.session.scalar(sa.select(Organiser).where(Organiser.name == (name or "").strip()))
    if organiser is None:
        raise DomainError("not_found", N_("Không có người tổ chức “%(name)s”.", name=name))
    return organiser


def get_organiser(organiser_id: int) -> Organiser:
    organiser = db.session.get(Organiser, organiser_id) if isinstance(organiser_id, int) else None
    if organiser is None:
        raise DomainError("not_found", N_("Không có tài khoản này."))
    return organiser


def list_organisers() -> list[Organiser]:
    return list(db.session.scalars(sa.select(Organiser).order_by(Organiser.name)))


def set_role(organiser_id: int, role: str) -> Organiser:
    _check_role(role)
    organiser = get_organiser(organiser_id)
    if organiser.role == "admin" and role != "admin":
        _keep_an_admin(organiser.id)
    organiser.role = role
    db.session.commit()
    return organiser


def set_active(organiser_id: int, active: bool) -> Organiser:
    """Disabling an account ends its sign-ins and revokes its tokens."""
    organiser = get_organiser(organiser_id)
    if not active and organiser.role == "admin":
        _keep_an_admin(organiser.id)
    organiser.active = active
    db.session.commit()
    if not active:
        end_sessions(organiser.id)
        revoke_tokens(organiser.id)
    return organiser


def _keep_an_admin(leaving_id: int) -> None:
    others = db.session.scalar(sa.select(sa.func.count(Organiser.id)).where(
        Organiser.role == "admin", Organiser.active.is_(True), Organiser.id != leaving_id))
    if not others:
        raise DomainError("conflict", N_("Cần giữ lại ít nhất một quản trị viên."))


def reset_password(organiser_id: int) -> str:
    """A new generated password (shown once); the old sign-ins end."""
    organiser = get_organiser(organiser_id)
    password = secrets.token_urlsafe(12)
    organiser.password_hash = hash_password(password)
    db.session.commit()
    end_sessions(organiser.id)
    return password


def authenticate(name: str, password: str, address: str | None = None,
                 throttle: Throttle | None = None, rules: LoginRules = LoginRules()) -> Organiser | None:
    """The account when the password is right; None when not; ``rate_limited`` (with
    ``retry_after`` seconds) while this address, or this account from this address, must wait."""
    name = (name or "").strip()
    account = hashlib.sha256(name.casefold().encode()).hexdigest()[:32]
    where = address or "-"
    if throttle is not None:
        wait = max(throttle.wait(rules.per_address, "login", where),
                   throttle.backoff_wait("login", account, where))
        if wait:
            raise DomainError("rate_limited", N_("Đăng nhập sai quá nhiều lần, vui lòng thử lại sau %(s)d giây.", s=wait),
                              retry_after=wait)
    organiser = db.session.scalar(sa.select(Organiser).where(Organiser.name == name)) if name else None
    stored = organiser.password_hash if organiser is not None and organiser.active else None
    organiser_id = organiser.id if organiser is not None else None
    db.session.rollback()  # no transaction stays open while the hash runs
    if _hashed(_check, stored, password or ""):
        if throttle is not None:
            throttle.backoff_clear("login", account, where)
        return db.session.get(Organiser, organiser_id)
    if throttle is not None:
        throttle.failed(rules.per_address, "login", where)
        throttle.backoff_failed(rules.free, rules.longest_s, "login", account, where)
    return None
