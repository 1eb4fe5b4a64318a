"""Excel question banks and rosters, and the drawing of papers: pure Python, plain data in and out."""
from .documents import document_dict, document_from_dict, merge_documents
from .exporter import write_bank, write_roster
from .importer import BankWorkbook, TargetBank, check_workbook, read_bank, read_workbook
from .layout import (
    AGENCY_SHEET,
    DOCUMENT_SHEET,
    GUIDE_SHEET,
    MAX_EXPLANATION_CHARS,
    MAX_FILE_BYTES,
    MAX_LEGAL_BASIS_CHARS,
    MAX_OPTION_CHARS,
    MAX_QUESTION_CHARS,
    MAX_QUESTION_ROWS,
    MAX_ROSTER_ROWS,
    OFFICIAL_SHEET,
    QUESTION_SHEET,
)
from .lint import lint_bank
from .messages import message
from .model import (
    DIFFICULTIES,
    KINDS,
    OPTION_LETTERS,
    TOPICS,
    AgencyRow,
    DocumentRow,
    LintWarning,
    OfficialRow,
    Problem,
    QuestionRow,
    Roster,
    WorkbookInvalid,
)
from .papers import NotEnoughQuestions, draw_questions, shuffle_options
from .roster import read_roster
from .slips import AgencySlips, PinSlip, write_pin_slips
from .template import build_roster_template, build_template, put_cell
from .text import clean_name, duplicate_key, is_name, question_key

__all__ = [
    "AGENCY_SHEET", "DIFFICULTIES", "DOCUMENT_SHEET", "GUIDE_SHEET", "KINDS",
    "MAX_EXPLANATION_CHARS", "MAX_FILE_BYTES", "MAX_LEGAL_BASIS_CHARS", "MAX_OPTION_CHARS",
    "MAX_QUESTION_CHARS", "MAX_QUESTION_ROWS", "MAX_ROSTER_ROWS", "OFFICIAL_SHEET", "OPTION_LETTERS",
    "QUESTION_SHEET", "TOPICS", "AgencyRow", "AgencySlips", "BankWorkbook", "DocumentRow",
    "LintWarning", "NotEnoughQuestions", "OfficialRow", "PinSlip", "Problem", "QuestionRow", "Roster",
    "TargetBank", "WorkbookInvalid", "build_roster_template", "build_template", "check_workbook",
    "clean_name", "document_dict", "document_from_dict", "draw_questions", "duplicate_key",
    "is_name", "lint_bank", "merge_documents", "message", "put_cell", "question_key", "read_bank",
    "read_roster", "read_workbook", "shuffle_options", "write_bank", "write_pin_slips", "write_roster",
]
