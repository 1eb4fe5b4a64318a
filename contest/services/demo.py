"""The demo: agencies, officials, the sample bank, an organiser and a contest. Safe twice."""
from __future__ import annotations

import secrets
from collections.abc import Iterator

import sqlalchemy as sa

import question_bank as qb
from contest.config import INSTANCE_DIR
from contest.extensions import db
from contest.models import Contest, Organiser, QuestionBank
from contest.services import agencies, banks, contests, organisers
from contest.services.clock import now_ms
from contest.services.demo_data import AGENCIES, CONTEST_TITLE, LIVE_ROUND, OFFICIALS, SELF_PACED_ROUND
from question_bank import samples

DEMO_ORGANISER = "admin"
SAMPLE_BANK_NAME = "Ngân hàng câu hỏi mẫu về cải cách hành chính"
SAMPLE_WORKBOOK = samples.WORKBOOK


def _demo_password() -> str:
    path = INSTANCE_DIR / "demo_password"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip()


def load_demo() -> Iterator[str]:
    organiser = _ensure_organiser()
    yield (f"Người tổ chức / organiser: {DEMO_ORGANISER} (quản trị viên / admin)  "
           f"mật khẩu / password: {_demo_password()}")
    roster = qb.Roster(
        agencies=[qb.AgencyRow(c, n, p, h) for c, n, p, h in AGENCIES],
        officials=[qb.OfficialRow(c, n, a, pos) for c, n, a, pos in OFFICIALS],
    )
    counts = agencies.import_roster(qb.write_roster(roster))
    yield f"Cơ quan, đơn vị: {counts['agencies']}, cán bộ: {counts['officials']}"
    yield ("Phiếu mã PIN của cán bộ demo (vòng thi theo danh sách: mã cán bộ + mã PIN) / PIN slips: "
           "flask --app contest pin-slips -o phieu-pin-demo.xlsx (hoặc / or: Cơ quan, đơn vị → "
           "Phiếu mã PIN; thêm --reissue để cấp lại)")
    bank_id = _ensure_sample_bank(organiser.id)
    yield f"Ngân hàng câu hỏi mẫu: bank_id={bank_id}"
    contest = _ensure_contest(organiser.id, bank_id)
    for round_ in contest.rounds:
        yield f"Vòng thi “{round_.title}”: mã tham gia {round_.join_code}"
    yield f"Màn hình trình chiếu / display token: {contest.display_token}"


def _ensure_organiser() -> Organiser:
    found = db.session.scalar(sa.select(Organiser).where(Organiser.name == DEMO_ORGANISER))
    return found or organisers.create_organiser(DEMO_ORGANISER, _demo_password(), role="admin")


def _ensure_sample_bank(organiser_id: int) -> int:
    found = db.session.scalar(sa.select(QuestionBank.id).where(QuestionBank.name == SAMPLE_BANK_NAME))
    if found:
        return found
    bank_id, _ = banks.import_workbook(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_BANK_NAME, organiser_id)
    return bank_id


def _ensure_contest(organiser_id: int, bank_id: int) -> Contest:
    found = db.session.scalar(sa.select(Contest).where(Contest.title == CONTEST_TITLE))
    if found:
        return found
    contest = contests.create_contest(CONTEST_TITLE, organiser_id)
    contests.create_round(contest.id, {**LIVE_ROUND, "bank_id": bank_id})
    week_ms = 7 * 24 * 3600 * 1000
    contests.create_round(contest.id, {**SELF_PACED_ROUND, "bank_id": bank_id,
                                       "opens_at_ms": now_ms(), "closes_at_ms": now_ms() + week_ms})
    db.session.refresh(contest)
    return contest
