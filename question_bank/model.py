"""Plain data exchanged between the workbooks and the application."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

KINDS = ("single", "multiple", "true_false")
OPTION_LETTERS = "ABCDEF"
MIN_OPTIONS, MAX_OPTIONS = 2, 6

# The six areas of the state administrative reform programme 2021-2030
# (Nghị quyết 76/NQ-CP), plus the steering work that the PAR Index scores first.
TOPICS = (
    "Công tác chỉ đạo, điều hành cải cách hành chính",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính nhà nước",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
)

DIFFICULTIES = {1: "Dễ", 2: "Trung bình", 3: "Khó"}


@dataclass
class QuestionRow:
    """One question as it stands in a workbook row."""

    text: str
    kind: str                      # one of KINDS
    options: list[str]             # 2..6 option texts, in the order A, B, C...
    correct: list[int]             # 0-based indices into options, ascending
    topic: str                     # one of TOPICS
    difficulty: int                # key of DIFFICULTIES
    legal_basis: str | None = None
    explanation: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    row: int | None = field(default=None, compare=False)  # source row, for messages


@dataclass
class DocumentRow:
    """One legal document of a bank's catalogue (sheet "Văn bản")."""

    symbol: str                    # "61/2018/NĐ-CP": a legal basis cites it by this
    title: str
    issued: date | None = None
    effective_from: date | None = None
    replaced_on: date | None = None  # the first day it is no longer in force
    replaced_by: str | None = None
    source: str | None = None
    row: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class LintWarning:
    """Something an organiser should look at; it never blocks an import."""

    code: str                      # stable: near_duplicate, expired, not_yet_valid, ...
    sheet: str | None
    row: int | None                # None: about the workbook or the bank as a whole
    message: str

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "message": self.message, "code": self.code}


@dataclass
class AgencyRow:
    code: str
    name: str
    parent_code: str | None
    headcount: int | None
    row: int | None = field(default=None, compare=False)


@dataclass
class OfficialRow:
    code: str
    name: str
    agency_code: str
    position: str | None = None
    pin: str | None = field(default=None, repr=False)  # as written in the roster, if any
    row: int | None = field(default=None, compare=False)


@dataclass
class Roster:
    agencies: list[AgencyRow]
    officials: list[OfficialRow]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a workbook, located for the person who fixes it."""

    sheet: str | None
    row: int | None
    column: str | None             # the column's header as shown in the file
    message: str                   # Vietnamese by default; see messages.py

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


class WorkbookInvalid(Exception):
    """The whole workbook is refused; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in workbook")
        self.problems = problems

    def __reduce__(self):  # it crosses from the worker process (contest/worker.py) as a pickle
        return WorkbookInvalid, (self.problems,)
