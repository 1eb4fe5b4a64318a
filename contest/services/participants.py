"""Joining a round: one participant per person, and the signed token they play with.

Open registration takes a name (cleaned at the door: `question_bank.clean_name`) and an
agency. A roster round takes the official's code and PIN: a wrong or missing PIN, or an
unknown code, is the same ``unauthorized`` after the same work, and tells nothing about
the official; failures are limited per code and per client address (``rate_limited``).
"""
from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeSerializer

import question_bank as qb
from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import Official, Participant
from contest.services import audit
from contest.services.door import Door
from contest.services.pins import check_pin
from contest.services.text import fold
from contest.services.throttle import Throttle
from question_bank.text import code_key

Job = Callable[[sa.Connection], Any]
TOKEN_SALT = "participant-token"
MAX_NAME = 100
MAX_CODE = 50


@dataclass(frozen=True)
class JoinRules:
    """Failed roster joins allowed per official code and per client address."""

    per_code: str = "5 per 10 minutes"
    per_client: str = "20 per 10 minutes"


@functools.lru_cache(maxsize=4)
def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=TOKEN_SALT)


def make_token(secret_key: str, participant: Participant | Joined) -> str:
    return _serializer(secret_key).dumps({"p": participant.id, "r": participant.round_id})


def read_token(secret_key: str, token: object) -> tuple[int, int]:
    """(participant_id, round_id) of a genuine token; anything else is unauthorized."""
    if not isinstance(token, str) or len(token) > 500:
        raise DomainError("unauthorized")
    try:
        data = _serializer(secret_key).loads(token)
        return int(data["p"]), int(data["r"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise DomainError("unauthorized") from None


def new_device_key() -> str:
    return secrets.token_urlsafe(16)


def clean_person_name(name: object) -> str:
    """The name as boards and workbooks show it, or bad_payload."""
    cleaned = qb.clean_name(name) if isinstance(name, str) else ""
    if not 2 <= len(cleaned) <= MAX_NAME or not qb.is_name(cleaned):
        raise DomainError("bad_payload", N_("Cần họ và tên (2 đến 100 ký tự, có chữ cái)."), field="name")
    return cleaned


@dataclass(frozen=True)
class Joined:
    """The participant a join gives back; ``new``: a row created by this join."""

    id: int
    round_id: int
    name: str
    new: bool = False


def _write_now(job: Job) -> Any:
    with db.engine.begin() as conn:
        return job(conn)


def join(body: dict, device_key: str | None, now: int, client: str | None = None,
         throttle: Throttle | None = None, rules: JoinRules = JoinRules(), door: Door | None = None,
         write: Callable[[Job], Any] = _write_now) -> Joined:
    """The same person joining again gets the same participant back. ``write`` runs the
    insert (the group commit in the serving process: one fsync for many joins)."""
    door = door or Door()
    round_ = door.round_of(body.get("join_code"))
    if round_.status == "finished":
        raise DomainError("not_open", N_("Vòng thi đã kết thúc."))
    if round_.registration == "roster":
        official = _official_with_pin(body.get("official_code"), body.get("pin"), client, throttle, rules)
        joined = _join_roster(round_.id, official, device_key, now, write)
    else:
        joined = _join_open(round_.id, body.get("name"), body.get("agency_id"), device_key, now, door, write)
    if joined.new:
        door.arrived(joined.id, joined.round_id)
    return joined


def _official_with_pin(code: object, pin: object, client: str | None, throttle: Throttle | None,
                       rules: JoinRules) -> Official:
    if not isinstance(code, str) or not code.strip() or len(code) > MAX_CODE:
        raise DomainError("bad_payload", N_("Cần mã cán bộ."), field="official_code")
    code = code.strip()
    keys = ("pin", code_key(code)), ("pin-client", client or "-")
    if throttle is not None:
        wait = max(throttle.wait(rules.per_code, *keys[0]), throttle.wait(rules.per_client, *keys[1]))
        if wait:
            raise DomainError("rate_limited", N_("Nhập sai quá nhiều lần, vui lòng thử lại sau %(s)d giây.", s=wait),
                              retry_after=wait)
    official = db.session.scalar(sa.select(Official).where(Official.code == code))
    if not check_pin(official.pin_hash if official is not None else None, pin):
        if throttle is not None:
            throttle.failed(rules.per_code, *keys[0])
            throttle.failed(rules.per_client, *keys[1])
        raise DomainError("unauthorized", N_("Mã cán bộ hoặc mã PIN không đúng."))
    if throttle is not None:
        throttle.clear(rules.per_code, *keys[0])
    return official


def _roster_device(device_key: str | None, official: Official) -> str | None:
    # Kept per official: two namesakes of one agency may share a phone without the
    # (round, agency, name, device) key of open registration refusing the second.
    return f"{device_key}:{official.id}"[:64] if device_key else None


def _join_roster(round_id: int, official: Official, device_key: str | None, now: int,
                 write: Callable[[Job], Any]) -> Joined:
    device = _roster_device(device_key, official)
    found = db.session.scalar(sa.select(Participant).where(
        Participant.round_id == round_id, Participant.official_id == official.id))
    if found is None:
        return _add(_row(round_id, official.name, official.agency_id, device, now, official.id), "roster", write)
    found = _counting(found)
    if device is not None and found.device_key != device:
        found.rejoins, found.last_rejoin_ms, found.device_key = found.rejoins + 1, now, device
        db.session.commit()
        audit.record("participant_rejoined", subject=f"participant {found.id}", round_id=round_id,
                     rejoins=found.rejoins)
    return _joined(found)


def _join_open(round_id: int, name: object, agency_id: object, device_key: str | None, now: int,
               door: Door, write: Callable[[Job], Any]) -> Joined:
    name = clean_person_name(name)
    if not isinstance(agency_id, int) or isinstance(agency_id, bool) or not door.agency_exists(agency_id):
        raise DomainError("bad_payload", N_("Cần chọn cơ quan, đơn vị."), field="agency_id")
    return _add(_row(round_id, name, agency_id, device_key, now), "open" if device_key else None, write)


def _row(round_id: int, name: str, agency_id: int | None, device_key: str | None, now: int,
         official_id: int | None = None) -> dict:
    return {"round_id": round_id, "name": name, "name_key": fold(name), "agency_id": agency_id,
            "official_id": official_id, "device_key": device_key, "joined_ms": now, "rejoins": 0}


def _joined(participant: Participant, new: bool = False) -> Joined:
    return Joined(participant.id, participant.round_id, participant.name, new)


# The columns that make "the same person joining again": the table's unique keys.
SAME_PERSON = {"open": ("round_id", "agency_id", "name_key", "device_key"), "roster": ("round_id", "official_id")}
JOIN_COLUMNS = ("round_id", "name", "name_key", "agency_id", "official_id", "device_key", "joined_ms", "rejoins")


@functools.lru_cache(maxsize=8)
def _sql(paramstyle: str, same: str | None) -> tuple[str, str | None]:
    """(insert, find) as plain SQL that SQLite and PostgreSQL both read: the join is the
    9:00 hot path, and building SQLAlchemy statements cost more than running them. The
    insert does nothing when the same person is there already, or is joining at this
    instant from another process: the find then gives their entry."""
    mark = "?" if paramstyle == "qmark" else "%s"
    insert = (f"INSERT INTO participant ({', '.join(JOIN_COLUMNS)}) "
              f"VALUES ({', '.join([mark] * len(JOIN_COLUMNS))}) ON CONFLICT DO NOTHING RETURNING id")
    find = (f"SELECT id FROM participant WHERE {' AND '.join(f'{c} = {mark}' for c in SAME_PERSON[same])}"
            if same else None)
    return insert, find


def _add(row: dict, same: str | None, write: Callable[[Job], Any]) -> Joined:
    """Insert the person, or find them there already, in one grouped write (the job runs
    on the writer's connection, in its thread). Without ``same`` (no device to recognise)
    the insert always makes a new entry."""
    if db.session.registry.has():  # give a pooled connection back before waiting on the writer
        db.session.close()

    def job(conn: sa.Connection) -> tuple[int, bool]:
        insert, find = _sql(conn.dialect.paramstyle, same)
        inserted = conn.exec_driver_sql(insert, tuple(row[c] for c in JOIN_COLUMNS)).scalar()
        if inserted is not None:
            return inserted, True
        return conn.exec_driver_sql(find, tuple(row[c] for c in SAME_PERSON[same])).scalar_one(), False

    participant_id, new = write(job)
    if new:
        return Joined(participant_id, row["round_id"], row["name"], True)
    return _joined(_counting(db.session.get(Participant, participant_id)))


def _counting(participant: Participant) -> Participant:
    """The entry that counts for this person: a merged one leads to the one kept."""
    seen = set()
    while participant.merged_into_id is not None and participant.id not in seen:
        seen.add(participant.id)
        participant = db.session.get(Participant, participant.merged_into_id)
    if participant.removed_ms is not None:
        raise DomainError("forbidden", N_("Ban tổ chức đã loại lượt đăng ký này khỏi vòng thi."))
    return participant


def get_participant(participant_id: int) -> Participant:
    """A participant who still counts; a removed one's token no longer connects."""
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.removed_ms is not None:
        raise DomainError("unauthorized")
    return participant
