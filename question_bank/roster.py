"""Reading a roster workbook: the agency tree (any depth) and the officials in it."""
from __future__ import annotations

from .layout import (
    AGENCY_COLUMNS,
    AGENCY_SHEET,
    BLANK_ROW_ALLOWANCE,
    MAX_CODE_CHARS,
    MAX_NAME_CHARS,
    MAX_ROSTER_ROWS,
    OFFICIAL_COLUMNS,
    OFFICIAL_SHEET,
    PIN_DIGITS,
)
from .model import AgencyRow, OfficialRow, Roster, WorkbookInvalid
from .parsing import parse_count
from .table import Row, read_table, table_rows
from .text import clean_name, code_key, is_name
from .workbook import Problems, Source


def read_roster(data: bytes, lang: str = "vi") -> Roster:
    """Agencies (parents before children, otherwise in file order) and officials, or WorkbookInvalid."""
    problems = Problems(lang)
    roster = Roster([], [])
    source = Source.open(data, problems, MAX_ROSTER_ROWS + BLANK_ROW_ALLOWANCE)
    if source is not None:
        with source:
            agency_table = read_table(source, AGENCY_SHEET, AGENCY_COLUMNS, problems, MAX_ROSTER_ROWS)
            official_table = read_table(source, OFFICIAL_SHEET, OFFICIAL_COLUMNS, problems,
                                        MAX_ROSTER_ROWS, optional=True)
        codes: dict[str, str] | None = None
        if agency_table is not None:
            roster.agencies, codes = _read_agencies(table_rows(agency_table, problems))
        if official_table is not None:
            roster.officials = _read_officials(table_rows(official_table, problems), codes)
    if len(problems):
        raise WorkbookInvalid(problems.sorted())
    return roster


def _code(row: Row, key: str, seen: dict[str, int]) -> str | None:
    """A required code, reported when it repeats an earlier row's."""
    code = row.checked_text(key, MAX_CODE_CHARS, required=True)
    if code is None:
        return None
    first = seen.setdefault(code_key(code), row.number)
    if first != row.number:
        row.report(key, "code_duplicate", code=code, first=first)
    return code


def _read_agencies(rows: list[Row]) -> tuple[list[AgencyRow], dict[str, str]]:
    """The agencies in tree order, and every code seen (by code_key) in the file's spelling."""
    seen: dict[str, int] = {}
    codes: dict[str, str] = {}
    parsed: list[tuple[Row, AgencyRow | None]] = []
    for row in rows:
        code = _code(row, "code", seen)
        if code is not None:
            codes.setdefault(code_key(code), code)
        name = _name(row, "name")
        parent = row.checked_text("parent_code", MAX_CODE_CHARS)
        headcount = _headcount(row)
        parsed.append((row, AgencyRow(code, name, parent, headcount, row.number) if row.valid else None))
    agencies = _link_parents(parsed, codes)
    _report_cycles(parsed, codes)
    return _tree_order(agencies), codes


def _name(row: Row, key: str) -> str | None:
    """A name as the boards and workbooks will show it (see `clean_name`), or reported."""
    text = row.checked_text(key, MAX_NAME_CHARS, required=True)
    if text is None:
        return None
    name = clean_name(text)
    if not is_name(name):
        row.report(key, "name_invalid", header=row.table.header(key))
        return None
    return name


def _pin(row: Row) -> str | None:
    text = row.text("pin")
    if text is None:
        return None
    low, high = PIN_DIGITS
    if not (text.isascii() and text.isdigit() and low <= len(text) <= high):
        row.report("pin", "pin_invalid", value=text if len(text) <= 20 else text[:20] + "…",
                   low=low, high=high)
        return None
    return text


def _headcount(row: Row) -> int | None:
    value = row.raw("headcount")
    if value is None:
        return None
    try:
        return parse_count(value)
    except ValueError:
        row.report("headcount", "headcount_invalid", value=row.text("headcount"))
        return None


def _link_parents(parsed: list[tuple[Row, AgencyRow | None]], codes: dict[str, str]) -> list[AgencyRow]:
    """Checks each parent code and writes it in the spelling of the agency's own row."""
    agencies = []
    for row, agency in parsed:
        parent = row.text("parent_code")
        if parent is not None and code_key(parent) not in codes:
            row.report("parent_code", "parent_unknown", code=parent, sheet_name=row.table.sheet)
        elif agency is not None:
            agency.parent_code = codes[code_key(parent)] if parent else None
            agencies.append(agency)
    return agencies


def _report_cycles(parsed: list[tuple[Row, AgencyRow | None]], codes: dict[str, str]) -> None:
    parents: dict[str, str | None] = {}
    rows: dict[str, Row] = {}
    for row, _ in parsed:
        code, parent = row.text("code"), row.text("parent_code")
        if code is not None and code_key(code) not in rows:
            rows[code_key(code)] = row
            parents[code_key(code)] = code_key(parent) if parent and code_key(parent) in codes else None
    state: dict[str, int] = {}  # absent: not seen; 1: on the current path; 2: finished
    for start in parents:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = parents[node]
        if node is not None and state[node] == 1:
            cycle = path[path.index(node):]
            first = min(cycle, key=lambda key: rows[key].number)
            chain = " → ".join(codes[key] for key in [*cycle, cycle[0]])
            rows[first].report("parent_code", "parent_cycle", chain=chain)
        for key in path:
            state[key] = 2


def _tree_order(agencies: list[AgencyRow]) -> list[AgencyRow]:
    """Parents before their children, so each agency can be stored after its parent."""
    by_code = {code_key(agency.code): agency for agency in agencies}
    ordered: list[AgencyRow] = []
    placed: set[str] = set()
    for agency in agencies:
        lineage = []
        node: AgencyRow | None = agency
        while node is not None and code_key(node.code) not in placed:
            lineage.append(node)
            placed.add(code_key(node.code))
            node = by_code.get(code_key(node.parent_code)) if node.parent_code else None
        ordered.extend(reversed(lineage))
    return ordered


def _read_officials(rows: list[Row], agency_codes: dict[str, str] | None) -> list[OfficialRow]:
    """Officials in file order; agency codes are checked only when the agency sheet could be read."""
    seen: dict[str, int] = {}
    officials = []
    for row in rows:
        code = _code(row, "code", seen)
        name = _name(row, "name")
        agency = row.checked_text("agency_code", MAX_CODE_CHARS, required=True)
        position = row.checked_text("position", MAX_NAME_CHARS)
        position = clean_name(position) or None if position else None
        pin = _pin(row)
        if agency is not None and agency_codes is not None:
            if code_key(agency) in agency_codes:
                agency = agency_codes[code_key(agency)]
            else:
                row.report("agency_code", "agency_unknown", code=agency, sheet_name=AGENCY_SHEET)
        if row.valid:
            officials.append(OfficialRow(code, name, agency, position, pin=pin, row=row.number))
    return officials
