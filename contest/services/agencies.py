"""The agency tree and the roster of officials."""
from __future__ import annotations

import sqlalchemy as sa

import question_bank as qb
from contest import offload
from contest.extensions import db
from contest.models import Agency, Official
from contest.services import workbooks
from contest.services.text import fold


def import_roster(data: bytes, lang: str = "vi") -> dict:
    """Create or update agencies and officials by code; a bad file stores nothing.

    Read in a worker process and stored in an OS thread, off the event loop."""
    return offload.in_thread(_store_roster, workbooks.read_roster(data, lang))


def _store_roster(roster: qb.Roster) -> dict:
    try:
        ids = _upsert_agencies(roster.agencies)
        _upsert_officials(roster.officials, ids)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return {"agencies": len(roster.agencies), "officials": len(roster.officials)}


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


def _upsert_officials(rows: list[qb.OfficialRow], agency_ids: dict[str, int]) -> None:
    existing = {o.code: o for o in db.session.scalars(sa.select(Official))}
    for row in rows:
        official = existing.get(row.code) or Official(code=row.code)
        official.name, official.position = row.name, row.position
        official.agency_id = agency_ids[row.agency_code]
        db.session.add(official)


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
