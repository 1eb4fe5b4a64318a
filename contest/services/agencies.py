"""The agency tree and the roster of officials, with their PINs."""
from __future__ import annotations

import sqlalchemy as sa

import question_bank as qb
from contest import offload
from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import Agency, Official
from contest.services import audit, workbooks
from contest.services.clock import now_ms
from contest.services.pins import hash_pin, new_pin
from contest.services.text import fold


def import_roster(data: bytes, lang: str = "vi", actor: audit.Actor | None = None) -> dict:
    """Create or update agencies and officials by code; a bad file stores nothing.

    Read in a worker process and stored in an OS thread, off the event loop. Names are
    cleaned as at the join (`question_bank.clean_name`). A PIN in the file replaces the
    official's; an official with none gets a generated one that nobody has seen yet
    (`issue_pin_slips` prints it), and a re-import without PINs keeps theirs."""
    counts = offload.in_thread(_store_roster, workbooks.read_roster(data, lang))
    audit.record("roster_imported", actor, None, **counts)
    return counts


def _store_roster(roster: qb.Roster) -> dict:
    try:
        ids = _upsert_agencies(roster.agencies)
        generated = _upsert_officials(roster.officials, ids, now_ms())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return {"agencies": len(roster.agencies), "officials": len(roster.officials),
            "pins_generated": generated}


def _upsert_agencies(rows: list[qb.AgencyRow]) -> dict[str, int]:
    existing = {a.code: a for a in db.session.scalars(sa.select(Agency))}
    for row in rows:
        agency = existing.get(row.code) or Agency(code=row.code)
        agency.name, agency.search_key, agency.headcount = row.name, fold(row.name), row.headcount
        existing[row.code] = agency
        db.session.add(agency)
    db.session.flush()
    for row in rows:  # parents may come later in the file, so link after every id exists
        parent = existing.get(row.parent_code) if row.parent_code else None
        existing[row.code].parent_id = parent.id if parent else None
    db.session.flush()
    return {code: a.id for code, a in existing.items()}


def _upsert_officials(rows: list[qb.OfficialRow], agency_ids: dict[str, int], now: int) -> int:
    """Returns how many PINs were generated."""
    existing = {o.code: o for o in db.session.scalars(sa.select(Official))}
    generated = 0
    for row in rows:
        official = existing.get(row.code) or Official(code=row.code)
        official.name, official.position = row.name, row.position
        official.agency_id = agency_ids[row.agency_code]
        if row.pin:
            official.pin_hash, official.pin_known_ms = hash_pin(row.pin), now
        elif official.pin_hash is None:
            official.pin_hash, official.pin_known_ms = hash_pin(new_pin()), None
            generated += 1
        db.session.add(official)
    return generated


def list_agencies() -> list[dict]:
    return [
        {"agency_id": a.id, "code": a.code, "name": a.name, "parent_id": a.parent_id,
         "headcount": a.headcount}
        for a in db.session.scalars(sa.select(Agency).order_by(Agency.id))
    ]


# The abbreviations officials type for the words of agency names (folded, as in search_key).
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "cchc": "cai cach hanh chinh",
    "tthc": "thu tuc hanh chinh", "cbccvc": "can bo, cong chuc, vien chuc", "vp": "van phong",
    "tt": "trung tam", "pvhcc": "phuc vu hanh chinh cong", "bhxh": "bao hiem xa hoi",
    "mttq": "mat tran to quoc", "tp": "thanh pho", "khcn": "khoa hoc va cong nghe",
    "gddt": "giao duc va dao tao", "gd&dt": "giao duc va dao tao", "ldtbxh": "lao dong - thuong binh va xa hoi",
    "tnmt": "tai nguyen va moi truong", "nnptnt": "nong nghiep va phat trien nong thon",
    "vhttdl": "van hoa, the thao va du lich", "tttt": "thong tin va truyen thong", "khdt": "ke hoach va dau tu",
}


def _word_matches(word: str):
    """A word of the query, or the phrase its abbreviation stands for."""
    found = Agency.search_key.contains(word, autoescape=True)
    phrase = ABBREVIATIONS.get(word)
    if phrase is None:
        return found
    # names are folded with their punctuation: "can bo, cong chuc" also matches "can bo cong chuc"
    variants = {phrase, phrase.replace(",", ""), phrase.replace(" va ", ", ")}
    return sa.or_(found, *(Agency.search_key.contains(v, autoescape=True) for v in variants))


def search_agencies(query: str, limit: int = 20) -> list[dict]:
    """Every word of the query, with or without diacritics, must appear in the name; a usual
    abbreviation ("UBND", "CCHC", "TT") also finds the words it stands for."""
    words = fold(query).split()
    stmt = sa.select(Agency).order_by(Agency.name).limit(limit)
    for word in words:
        stmt = stmt.where(_word_matches(word))
    return [{"agency_id": a.id, "code": a.code, "name": a.name, "path": agency_path(a)}
            for a in db.session.scalars(stmt)]


def agency_path(agency: Agency) -> str:
    """'Sở Nội vụ › Phòng Cải cách hành chính': where the unit sits in the tree."""
    names, node, seen = [], agency, set()
    while node is not None and node.id not in seen:
        seen.add(node.id)
        names.append(node.name)
        node = node.parent
    return " › ".join(reversed(names))


def agency_tree() -> list[dict]:
    """Agencies in tree order with their depth, for indented lists."""
    rows = list(db.session.scalars(sa.select(Agency).order_by(Agency.name)))
    officials = dict(db.session.execute(
        sa.select(Official.agency_id, sa.func.count(Official.id)).group_by(Official.agency_id)
    ).all())
    children: dict[int | None, list[Agency]] = {}
    for agency in rows:
        children.setdefault(agency.parent_id, []).append(agency)
    ordered: list[dict] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for agency in children.get(parent_id, []):
            ordered.append({"agency_id": agency.id, "code": agency.code, "name": agency.name,
                            "headcount": agency.headcount, "depth": depth,
                            "officials": officials.get(agency.id, 0)})
            walk(agency.id, depth + 1)

    walk(None, 0)
    return ordered


SLIP_HEADING = "Phiếu dự thi cải cách hành chính"


def how_to_join(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/ rồi nhập mã tham gia do ban tổ chức công bố, mã cán bộ và mã PIN"


def issue_pin_slips(agency_code: str | None, reissue: bool, base_url: str,
                    actor: audit.Actor | None = None) -> tuple[bytes, int]:
    """The PIN slips of the officials of an agency's subtree (or of every agency): new
    PINs for those whose PIN nobody has seen yet, or for all of them with ``reissue`` (their
    old slips stop working). ``base_url``: where phones reach the server. Returns the
    workbook and how many slips it holds. The PINs are stored in an OS thread and the
    workbook is built by a worker process: a province's roster holds the loop for neither."""
    groups = offload.in_thread(_new_pins, agency_code, reissue)
    count = sum(len(group.slips) for group in groups)
    workbook = offload.in_process(qb.write_pin_slips, groups, SLIP_HEADING, how_to_join(base_url))
    audit.record("pin_slips", actor, f"agency {agency_code}" if agency_code else None,
                 slips=count, reissue=reissue)
    return workbook, count


def _new_pins(agency_code: str | None, reissue: bool) -> list[qb.AgencySlips]:
    from contest.services.results import agency_paths

    chosen = [o for o in _officials_below(agency_code) if reissue or o.pin_known_ms is None]
    if not chosen:
        raise DomainError("conflict", N_("Không có mã PIN mới nào để in: mọi cán bộ ở đây đã có phiếu "
                                         "hoặc mã PIN trong danh sách đã nhập. Chọn “Cấp lại mã PIN” "
                                         "để đổi mã và in lại."))
    now, pins = now_ms(), {}
    for official in chosen:
        pins[official.id] = new_pin()
        official.pin_hash, official.pin_known_ms = hash_pin(pins[official.id]), now
    db.session.commit()
    paths, groups = agency_paths(), {}
    for official in sorted(chosen, key=lambda o: (paths.get(o.agency_id, ""), fold(o.name), o.code)):
        groups.setdefault(official.agency_id, []).append(qb.PinSlip(official.code, official.name,
                                                                     pins[official.id]))
    return [qb.AgencySlips(paths.get(aid, ""), slips) for aid, slips in groups.items()]


def _officials_below(agency_code: str | None) -> list[Official]:
    stmt = sa.select(Official)
    if agency_code:
        root = db.session.scalar(sa.select(Agency).where(Agency.code == agency_code))
        if root is None:
            raise DomainError("not_found", N_("Không có cơ quan, đơn vị này."))
        from contest.services.agency_stats import load_tree

        stmt = stmt.where(Official.agency_id.in_(load_tree().subtree_ids(root.id)))
    return list(db.session.scalars(stmt))


def pin_summary() -> dict[str, int]:
    """Officials by PIN state, for the organiser's page."""
    rows = dict(db.session.execute(
        sa.select(Official.pin_known_ms.is_(None), sa.func.count()).group_by(Official.pin_known_ms.is_(None))
    ).all())
    return {"unprinted": rows.get(True, 0), "known": rows.get(False, 0)}
