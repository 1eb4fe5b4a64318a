"""Warnings about a bank's questions: what an organiser should look at, never a reason to refuse.

Plain data in and out. Each check is one function over the questions; `lint_bank` runs them
all and returns the warnings by row (sheet "Câu hỏi"; a warning about the whole bank has no
row). The thresholds are named below, with the reason for each.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

from .documents import Citations
from .layout import QUESTION_SHEET
from .messages import message
from .model import OPTION_LETTERS, DocumentRow, LintWarning, QuestionRow
from .parsing import format_date
from .similar import near_duplicates
from .text import fold

# The key is "clearly longer" when it is at least this much longer than every other option, in
# characters and as a ratio: a reader notices a 50 % longer option, not one a word longer.
LONGEST_RATIO, LONGEST_MIN_CHARS = 1.5, 15
# Across the bank: single-choice questions whose options differ in length by 20 % or more; the
# key should be the longest in no more of them than this share (chance is 1/options, 25 % for 4).
LENGTHS_DIFFER, LONGEST_SHARE, LONGEST_MIN_QUESTIONS = 1.2, 0.30, 10
# Multiple-answer questions: one count of right options in more than this share is a cue.
SAME_COUNT_SHARE, SAME_COUNT_MIN_QUESTIONS = 0.60, 5
QUOTED_CHARS = 80

# Options that speak about the other options: they lose their meaning when options are
# shuffled on every paper, and they give the key away ("tất cả" is so often right).
_ABOUT_OTHERS = re.compile("|".join((
    r"\btat ca (cac )?(phuong an|dap an|lua chon)\b",          # tất cả các phương án (trên)
    r"\btat ca (cac )?(y|cau) (tren|noi tren|o tren|deu)\b",   # tất cả các ý trên
    r"^tat ca( deu)? (dung|sai)\b",                             # tất cả đều đúng
    r"\b(phuong an|dap an|y|lua chon) (tren|noi tren|o tren|vua neu)\b",  # các phương án trên
    r"\bkhong (co )?(phuong an|dap an|y|lua chon|cau) nao\b",   # không có phương án nào đúng
    r"\bca (hai|ba|bon|nam|\d) (phuong an|dap an|y|lua chon)\b",  # cả hai phương án
    r"^ca (hai|ba|bon|nam|\d)( deu)? (dung|sai)\b",             # cả hai đều đúng
    r"\bca [a-f]( [a-f])* va [a-f]\b",                          # cả A và B, cả A, B và C
    r"^(phuong an |dap an )?[a-f]( [a-f])* va [a-f]( deu (dung|sai))?$",  # A và B (đều đúng)
    r"\b(all|none) of the (above|options)\b",
    r"\bboth [a-f] and [a-f]\b",
)))
_HISTORY = re.compile(r"^truoc (ngay|khi|nam|thang)\b")


def lint_bank(questions: Sequence[QuestionRow], documents: Sequence[DocumentRow] = (), *,
              existing: Sequence[tuple[str, Sequence[str]]] = (), today: date,
              lang: str = "vi") -> list[LintWarning]:
    """Every warning about `questions`; `existing` are the (text, options) of the questions
    already in the target bank, `documents` the bank's catalogue of legal documents."""
    found: list[tuple[int, LintWarning]] = []

    def warn(code: str, question: QuestionRow | None, **values: object) -> None:
        row = question.row if question is not None else None
        found.append((len(found), LintWarning(code, QUESTION_SHEET, row, message(
            f"lint_{code}", lang, **values))))

    folded = [(fold(q.text), [fold(o) for o in q.options]) for q in questions]
    _near_duplicates(questions, folded, existing, warn)
    citations = Citations(documents)
    for question, (text, options) in zip(questions, folded):
        _dates(question, today, warn)
        if not question.legal_basis:
            warn("no_legal_basis", question)
        _longest_key(question, warn)
        _about_other_options(question, options, warn)
        _cites_replaced(question, text, citations, today, lang, warn)
    _longest_key_share(questions, warn)
    _same_correct_count(questions, warn)
    found.sort(key=lambda item: (item[1].row is not None, item[1].row or 0, item[0]))
    return [warning for _, warning in found]


def _near_duplicates(questions: Sequence[QuestionRow], folded: list, existing: Sequence,
                     warn) -> None:
    items = [*((fold(text), [fold(o) for o in options]) for text, options in existing), *folded]
    for position, (earlier, similarity) in sorted(near_duplicates(items, len(existing)).items()):
        question = questions[position - len(existing)]
        percent = round(similarity * 100)
        if earlier < len(existing):
            warn("near_duplicate_bank", question, percent=percent, text=_quoted(existing[earlier][0]))
        else:
            warn("near_duplicate", question, percent=percent, first=questions[earlier - len(existing)].row)


def _dates(question: QuestionRow, today: date, warn) -> None:
    if question.valid_to is not None and question.valid_to < today:
        warn("expired", question, date=format_date(question.valid_to))
    elif question.valid_from is not None and question.valid_from > today:
        warn("not_yet_valid", question, date=format_date(question.valid_from))


def _clearly_longest(question: QuestionRow) -> tuple[int, int] | None:
    """(key length, longest other length) when the single key stands out by its length."""
    if question.kind != "single" or len(question.options) < 3 or len(question.correct) != 1:
        return None
    key = len(question.options[question.correct[0]])
    other = max(len(o) for i, o in enumerate(question.options) if i != question.correct[0])
    if key >= LONGEST_RATIO * other and key - other >= LONGEST_MIN_CHARS:
        return key, other
    return None


def _longest_key(question: QuestionRow, warn) -> None:
    lengths = _clearly_longest(question)
    if lengths is not None:
        warn("longest_key", question, letter=OPTION_LETTERS[question.correct[0]],
             length=lengths[0], other=lengths[1])


def _longest_key_share(questions: Sequence[QuestionRow], warn) -> None:
    differing = [q for q in questions if q.kind == "single" and len(q.options) >= 3
                 and len(q.correct) == 1 and _lengths_differ(q.options)]
    if len(differing) < LONGEST_MIN_QUESTIONS:
        return
    longest = sum(1 for q in differing if _is_unique_longest(q.options, q.correct[0]))
    share = longest / len(differing)
    if share > LONGEST_SHARE:
        chance = sum(1 / len(q.options) for q in differing) / len(differing)
        warn("longest_key_share", None, count=longest, total=len(differing),
             percent=round(share * 100), chance=round(chance * 100), limit=round(LONGEST_SHARE * 100))


def _lengths_differ(options: Sequence[str]) -> bool:
    lengths = [len(o) for o in options]
    return max(lengths) >= LENGTHS_DIFFER * min(lengths)


def _is_unique_longest(options: Sequence[str], key: int) -> bool:
    return all(len(options[key]) > len(o) for i, o in enumerate(options) if i != key)


def _same_correct_count(questions: Sequence[QuestionRow], warn) -> None:
    counts = Counter(len(q.correct) for q in questions if q.kind == "multiple")
    total = sum(counts.values())
    if total < SAME_COUNT_MIN_QUESTIONS:
        return
    right, count = counts.most_common(1)[0]
    if count / total > SAME_COUNT_SHARE:
        warn("same_correct_count", None, count=count, total=total, right=right,
             percent=round(count / total * 100), limit=round(SAME_COUNT_SHARE * 100))


def _about_other_options(question: QuestionRow, folded_options: list[str], warn) -> None:
    if question.kind == "true_false":
        return
    for index, option in enumerate(folded_options):
        if _ABOUT_OTHERS.search(option):
            warn("about_other_options", question, letter=OPTION_LETTERS[index],
                 text=_quoted(question.options[index]))


def _cites_replaced(question: QuestionRow, folded_text: str, citations: Citations, today: date,
                    lang: str, warn) -> None:
    if _HISTORY.match(folded_text):
        return  # "Trước ngày 01/7/2025, …": a question about the old rule, on purpose
    for document in citations.cited(question.legal_basis):
        found = _replacement(document, question, today, lang)
        if found is not None:
            warn(found[0], question, symbol=document.symbol, **found[1])


def _replacement(document: DocumentRow, question: QuestionRow, today: date,
                 lang: str) -> tuple[str, dict] | None:
    """The warning a citation of `document` deserves when the question outlives the document."""
    by = message("lint_replaced_by", lang, by=document.replaced_by) if document.replaced_by else ""
    ends = document.replaced_on
    if ends is None:
        undated = document.replaced_by and question.valid_to is None
        return ("cites_replaced_undated", {"by": by}) if undated else None
    if question.valid_to is not None and question.valid_to < ends:
        return None
    code = "cites_replaced" if ends <= today else "cites_replaced_soon"
    return code, {"date": format_date(ends), "by": by}


def _quoted(text: str) -> str:
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"
