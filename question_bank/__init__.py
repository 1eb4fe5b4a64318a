"""Excel question banks and rosters, and the drawing of papers: pure Python, plain data in and out."""
from .exporter import write_bank, write_roster
from .importer import read_bank
from .layout import (
    AGENCY_SHEET, GUIDE_SHEET, MAX_EXPLANATION_CHARS, MAX_FILE_BYTES, MAX_LEGAL_BASIS_CHARS,
    MAX_OPTION_CHARS, MAX_QUESTION_CHARS, MAX_QUESTION_ROWS, MAX_ROSTER_ROWS, OFFICIAL_SHEET,
    QUESTION_SHEET,
)
from .messages import message
from .model import (
    DIFFICULTIES, KINDS, OPTION_LETTERS, TOPICS, AgencyRow, OfficialRow, Problem, QuestionRow,
    Roster, WorkbookInvalid,
)
from .papers import NotEnoughQuestions, draw_questions, shuffle_options
from .roster import read_roster
from .slips import AgencySlips, PinSlip, write_pin_slips
from .template import build_roster_template, build_template, put_cell
from .text import clean_name, is_name, question_key

__all__ = [
    "AGENCY_SHEET", "DIFFICULTIES", "GUIDE_SHEET", "KINDS", "MAX_EXPLANATION_CHARS",
    "MAX_FILE_BYTES", "MAX_LEGAL_BASIS_CHARS", "MAX_OPTION_CHARS", "MAX_QUESTION_CHARS",
    "MAX_QUESTION_ROWS", "MAX_ROSTER_ROWS", "OFFICIAL_SHEET", "OPTION_LETTERS", "QUESTION_SHEET",
    "TOPICS", "AgencyRow", "AgencySlips", "NotEnoughQuestions", "PinSlip", "OfficialRow", "Problem", "QuestionRow", "Roster",
    "WorkbookInvalid", "build_roster_template", "build_template", "clean_name", "draw_questions",
    "is_name", "message", "put_cell",
    "question_key", "read_bank", "read_roster", "shuffle_options", "write_bank", "write_pin_slips",
    "write_roster",
]
