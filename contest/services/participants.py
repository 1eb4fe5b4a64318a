"""Joining a round: one participant per person, and the signed token they play with."""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeSerializer

from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import Agency, Official, Participant, Round
from contest.services.contests import round_by_join_code
from contest.services.text import fold

TOKEN_SALT = "participant-token"


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=TOKEN_SALT)


def make_token(secret_key: str, participant: Participant) -> str:
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


def join(body: dict, device_key: str | None, now: int) -> Participant:
    """The same person joining again gets the same participant back."""
    round_ = round_by_join_code(body.get("join_code") if isinstance(body.get("join_code"), str) else "")
    if round_.status == "finished":
        raise DomainError("not_open", N_("Vòng thi đã kết thúc."))
    if round_.registration == "roster":
        return _join_roster(round_, body.get("official_code"), now)
    return _join_open(round_, body.get("name"), body.get("agency_id"), device_key, now)


def _join_roster(round_: Round, official_code: object, now: int) -> Participant:
    if not isinstance(official_code, str) or not official_code.strip():
        raise DomainError("bad_payload", N_("Cần mã cán bộ."), field="official_code")
    official = db.session.scalar(sa.select(Official).where(Official.code == official_code.strip()))
    if official is None:
        raise DomainError("not_found", N_("Mã cán bộ không có trong danh sách."), field="official_code")
    found = db.session.scalar(sa.select(Participant).where(
        Participant.round_id == round_.id, Participant.official_id == official.id))
    return found or _add(Participant(round_id=round_.id, name=official.name, name_key=fold(official.name),
                                     agency_id=official.agency_id, official_id=official.id, joined_ms=now))


def _join_open(round_: Round, name: object, agency_id: object, device_key: str | None,
               now: int) -> Participant:
    if not isinstance(name, str) or not 2 <= len(" ".join(name.split())) <= 100:
        raise DomainError("bad_payload", N_("Cần họ và tên (2 đến 100 ký tự)."), field="name")
    if not isinstance(agency_id, int) or isinstance(agency_id, bool) or db.session.get(Agency, agency_id) is None:
        raise DomainError("bad_payload", N_("Cần chọn cơ quan, đơn vị."), field="agency_id")
    name = " ".join(name.split())
    if device_key:
        found = db.session.scalar(sa.select(Participant).where(
            Participant.round_id == round_.id, Participant.agency_id == agency_id,
            Participant.name_key == fold(name), Participant.device_key == device_key))
        if found:
            return found
    return _add(Participant(round_id=round_.id, name=name, name_key=fold(name), agency_id=agency_id,
                            device_key=device_key, joined_ms=now))


def _add(participant: Participant) -> Participant:
    db.session.add(participant)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same person joined twice at the same instant
        db.session.rollback()
        raise DomainError("conflict", N_("Vui lòng thử lại.")) from None
    return participant


def get_participant(participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        raise DomainError("unauthorized")
    return participant
