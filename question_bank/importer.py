"""Reading a question bank workbook: every row validated, all-or-nothing."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .documents import read_document_table, read_documents
from .layout import (
    KIND_LABELS,
    MAX_EXPLANATION_CHARS,
    MAX_LEGAL_BASIS_CHARS,
    MAX_OPTION_CHARS,
    MAX_QUESTION_CHARS,
    MAX_QUESTION_ROWS,
    QUESTION_COLUMNS,
    QUESTION_SHEET,
    TRUE_FALSE_OPTIONS,
    option_key,
)
from .lint import lint_bank
from .model import (
    DIFFICULTIES,
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_LETTERS,
    TOPICS,
    DocumentRow,
    LintWarning,
    QuestionRow,
    WorkbookInvalid,
)
from .parsing import (
    format_date,
    parse_date,
    parse_difficulty,
    parse_kind,
    parse_letters,
    parse_topic,
)
from .table import Row, Table, read_table, table_rows
from .text import duplicate_key, loose_key
from .workbook import Problems, Source

_TRUE_FALSE_KEYS = [loose_key(option) for option in TRUE_FALSE_OPTIONS]
_EXTRA_OPTION = re.compile(r"(phuongan|dapan)[g-z]")


@dataclass
class BankWorkbook:
    """What a valid workbook holds: its questions and its catalogue of legal documents."""

    questions: list[QuestionRow]
    documents: list[DocumentRow]
    warnings: list[LintWarning] = field(default_factory=list)


@dataclass
class TargetBank:
    """The bank a workbook is imported into, as far as checking the workbook needs it."""

    keys: frozenset[str] = frozenset()                            # duplicate_key of each question
    questions: list[tuple[str, list[str]]] = field(default_factory=list)  # (text, options)
    documents: list[DocumentRow] = field(default_factory=list)


def read_bank(data: bytes, existing_keys: Iterable[str] = (), lang: str = "vi") -> list[QuestionRow]:
    """The questions of a bank workbook, or WorkbookInvalid listing every problem in it."""
    return read_workbook(data, existing_keys, lang).questions


def read_workbook(data: bytes, existing_keys: Iterable[str] = (), lang: str = "vi") -> BankWorkbook:
    """Questions and documents, or WorkbookInvalid listing every problem of both sheets.

    `existing_keys` are the `duplicate_key`s of the questions already in the target bank.
    """
    problems = Problems(lang)
    questions: list[QuestionRow] = []
    documents: list[DocumentRow] = []
    source = Source.open(data, problems)
    if source is not None:
        with source:
            table = read_table(source, QUESTION_SHEET, QUESTION_COLUMNS, problems, MAX_QUESTION_ROWS)
            if table is not None:
                questions = _read_questions(table, problems, existing_keys)
            # after the questions, so that the problems of sheet "Câu hỏi" are listed first
            documents = read_documents(read_document_table(source, problems), problems)
    if len(problems):
        raise WorkbookInvalid(problems.sorted())
    return BankWorkbook(questions, documents)


def check_workbook(data: bytes, target: TargetBank | None = None, today: date | None = None,
                   lang: str = "vi") -> BankWorkbook:
    """`read_workbook`, then the warnings of `lint_bank` against the target bank: one call, plain
    data in and out, so that it can run away from the event loop."""
    target = target or TargetBank()
    workbook = read_workbook(data, target.keys, lang)
    workbook.warnings = lint_bank(
        workbook.questions, [*target.documents, *workbook.documents], existing=target.questions,
        today=today or date.today(), lang=lang)
    return workbook


def _read_questions(table: Table, problems: Problems, existing_keys: Iterable[str]) -> list[QuestionRow]:
    _report_extra_options(table, problems)
    duplicates = _Duplicates(set(existing_keys))
    questions = []
    for row in table_rows(table, problems):
        question = _read_question(row, duplicates)
        if question is not None:
            questions.append(question)
    return questions


def _report_extra_options(table: Table, problems: Problems) -> None:
    """A column "Phương án G" would be dropped without a word; the organiser must know."""
    for position, header in table.unknown.items():
        if _EXTRA_OPTION.fullmatch(loose_key(header)):
            problems.add("option_column_extra", sheet=table.sheet, row=table.header_row, column=header,
                         order=position + 1, header=header, maximum=MAX_OPTIONS)


class _Duplicates:
    """The same text with the same options (in any order): a generic stem may serve twice."""

    def __init__(self, existing: set[str]):
        self.existing = existing
        self.seen: dict[str, int] = {}

    def check(self, row: Row, text: str, options: list[str]) -> None:
        key = duplicate_key(text, options)
        if key in self.existing:
            row.report("text", "duplicate_in_bank")
        elif key in self.seen:
            row.report("text", "duplicate_in_file", first=self.seen[key])
        else:
            self.seen[key] = row.number


def _read_question(row: Row, duplicates: _Duplicates) -> QuestionRow | None:
    text = row.checked_text("text", MAX_QUESTION_CHARS, required=True)
    kind = _kind(row)
    slots, options = _options(row, kind)
    if text and options:
        duplicates.check(row, text, options)
    correct = _correct(row, slots, kind)
    if kind is None and options is not None and correct is not None:
        kind = _infer_kind(options, correct)
    topic = _choice(row, "topic", parse_topic, allowed="; ".join(TOPICS))
    difficulty = _choice(row, "difficulty", parse_difficulty, allowed=", ".join(DIFFICULTIES.values()))
    legal_basis = row.checked_text("legal_basis", MAX_LEGAL_BASIS_CHARS)
    explanation = row.checked_text("explanation", MAX_EXPLANATION_CHARS)
    valid_from, valid_to = _dates(row)
    if not row.valid:
        return None
    return QuestionRow(text, kind, options, correct, topic, difficulty, legal_basis, explanation,
                       valid_from, valid_to, row=row.number)


def _kind(row: Row) -> str | None:
    """The declared kind; None when the cell is empty (inferred later) or unreadable (reported)."""
    text = row.text("kind")
    if text is None:
        return None
    try:
        return parse_kind(text)
    except ValueError:
        row.report("kind", "kind_unknown", value=text, allowed=", ".join(KIND_LABELS.values()))
        return "?"


def _options(row: Row, kind: str | None) -> tuple[list[str | None], list[str] | None]:
    """Every option slot A..F as written, and the options when they are usable."""
    slots = [row.checked_text(option_key(i), MAX_OPTION_CHARS) for i in range(len(OPTION_LETTERS))]
    if kind == "true_false" and not any(slots):
        slots[:2] = TRUE_FALSE_OPTIONS
    filled = [i for i, slot in enumerate(slots) if slot]
    last = filled[-1] if filled else -1
    gaps = [i for i in range(last) if not slots[i]]
    for gap in gaps:
        row.report(option_key(gap), "option_gap", letter=OPTION_LETTERS[gap], later=OPTION_LETTERS[last])
    if gaps:
        return slots, None
    if len(filled) < MIN_OPTIONS:
        row.report(option_key(len(filled)), "options_too_few", minimum=MIN_OPTIONS, count=len(filled))
        return slots, None
    if kind == "true_false" and len(filled) != 2:
        row.report("kind", "true_false_options", count=len(filled))
        return slots, None
    return slots, slots[: last + 1]


def _correct(row: Row, slots: list[str | None], kind: str | None) -> list[int] | None:
    text = row.text("correct")
    if text is None:
        row.report("correct", "required_empty", header=row.table.header("correct"))
        return None
    try:
        correct = _letters_or_true_false(text, slots)
    except ValueError:
        row.report("correct", "correct_unparsable", value=text)
        return None
    empty = [i for i in correct if not slots[i]]
    for index in empty:
        row.report("correct", "correct_empty_option", letter=OPTION_LETTERS[index])
    if kind in ("single", "true_false") and len(correct) > 1:
        row.report("correct", "correct_several", kind=KIND_LABELS[kind], value=text)
    return None if empty else correct


def _letters_or_true_false(text: str, slots: list[str | None]) -> list[int]:
    """A true/false question may name its right option ("Đúng") instead of giving its letter."""
    key = loose_key(text)
    if key in _TRUE_FALSE_KEYS:
        keys = [loose_key(slot or "") for slot in slots]
        if key in keys:
            return [keys.index(key)]
    return parse_letters(text)


def _infer_kind(options: list[str], correct: list[int]) -> str:
    if len(correct) > 1:
        return "multiple"
    if [loose_key(option) for option in options] == _TRUE_FALSE_KEYS:
        return "true_false"
    return "single"


def _choice(row: Row, key: str, parse, allowed: str):
    value = row.raw(key)
    if value is None:
        row.report(key, "required_empty", header=row.table.header(key))
        return None
    try:
        return parse(value if key == "difficulty" else row.text(key))
    except ValueError:
        message_key = "topic_unknown" if key == "topic" else "difficulty_unknown"
        row.report(key, message_key, value=row.text(key), allowed=allowed)
        return None


def _dates(row: Row) -> tuple:
    found = []
    for key in ("valid_from", "valid_to"):
        value = row.raw(key)
        try:
            found.append(None if value is None else parse_date(value))
        except ValueError:
            row.report(key, "date_invalid", value=row.text(key))
            found.append(None)
    start, end = found
    if start and end and end < start:
        row.report("valid_to", "date_order", start=format_date(start), end=format_date(end))
    return start, end
