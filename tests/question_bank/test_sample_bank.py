"""The sample bank that ships with the project and that the demo imports (issue 14, "Done when").

"Today" is the date of the run (`date.today()`), not a fixed date: the bank must be fit to draw from on
the day the suite runs. When a question's "Hiệu lực đến" passes, or the catalogue records that an act it
cites has been replaced, these tests fail and name the question to retire or rewrite, instead of the
demo quietly drawing superseded law. question_bank/samples/SOURCES.md says the same for editors.
"""
import difflib
import json
import re
import unicodedata
from collections import Counter
from datetime import date

import pytest

import question_bank as qb
from question_bank.samples import HERE, WORKBOOK, sample_questions

CATALOGUE = HERE / "cchc_documents.json"
DOCUMENT_FIELDS = ("symbol", "title", "issued", "effective_from", "replaced_on", "replaced_by", "source")
# A document number as the bank writes it: 76/NQ-CP, 61/2018/NĐ-CP, 22/2008/QH12, 10-NQ/TU,
# 623/TTg-KSTT, 1668/NQ-UBTVQH15, 02-KH/BCĐTW.
SYMBOL = re.compile(r"(?<![\w/])\d+[a-z]?(?:-[A-Z]+)?/(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ][A-Za-zĐđ]*)?\d*")
ALL_OF_THE_ABOVE = re.compile(r"tất cả (các )?(phương án|đáp án|ý)|các (phương án|đáp án) trên|cả [A-F] và [A-F]",
                              re.IGNORECASE)


@pytest.fixture(scope="module")
def bank() -> list[qb.QuestionRow]:
    return sample_questions()


@pytest.fixture(scope="module")
def catalogue() -> dict[str, dict]:
    documents = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    return {document["symbol"]: document for document in documents}


def drawable(question: qb.QuestionRow, today: date) -> bool:
    """The rule the server applies when it draws a round (open ends allowed)."""
    return ((question.valid_from is None or question.valid_from <= today)
            and (question.valid_to is None or today <= question.valid_to))


def bank_date(iso: str) -> str:
    """A date as the bank writes it: day on two digits, month with a leading zero only for 01 and 02."""
    day = date.fromisoformat(iso)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def cited(text: str | None) -> list[str]:
    return SYMBOL.findall(text or "")


def test_shipped_workbook_is_the_json_source_and_imports_cleanly(bank):
    rows = qb.read_bank(WORKBOOK.read_bytes())
    assert rows == bank, "run: python -m question_bank.samples"


def test_at_least_200_questions_and_180_drawable_today(bank):
    today = date.today()
    assert len(bank) >= 200
    assert sum(drawable(q, today) for q in bank) >= 180


def test_every_topic_has_every_difficulty_drawable_today(bank):
    today = date.today()
    present = {(q.topic, q.difficulty) for q in bank if drawable(q, today)}
    missing = [(topic, level) for topic in qb.TOPICS for level in qb.DIFFICULTIES.values()
               if (topic, [k for k, v in qb.DIFFICULTIES.items() if v == level][0]) not in present]
    assert not missing, missing


def test_every_question_cites_a_catalogued_document_with_its_date(bank, catalogue):
    for number, question in enumerate(bank, start=1):
        symbols = cited(question.legal_basis)
        assert symbols, f"Q{number} has no document number in its legal basis: {question.legal_basis!r}"
        for symbol in symbols:
            assert symbol in catalogue, f"Q{number} cites {symbol}, missing from {CATALOGUE.name}"
            issued = catalogue[symbol]["issued"]
            assert issued is None or bank_date(issued) in question.legal_basis, (
                f"Q{number}: the basis of {symbol} should give its date {bank_date(issued)}")
        assert question.explanation, f"Q{number} has no explanation"


def test_catalogue_lists_exactly_the_cited_documents_with_consistent_dates(bank, catalogue):
    documents = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    assert len(documents) == len(catalogue), "a symbol is listed twice"
    used = {symbol for question in bank for symbol in cited(question.legal_basis)}
    assert set(catalogue) == used, f"not cited by any question: {sorted(set(catalogue) - used)}"
    for document in documents:
        assert tuple(document) == DOCUMENT_FIELDS, document
        assert document["title"] and document["source"], document
        dates = [document[key] and date.fromisoformat(document[key])
                 for key in ("issued", "effective_from", "replaced_on")]
        known = [day for day in dates if day]
        assert known == sorted(known), f"{document['symbol']}: issued <= in force <= replaced"
        assert (document["replaced_on"] is None) == (document["replaced_by"] is None), document
        assert document["replaced_by"] is None or document["replaced_by"] in catalogue, document


def test_no_question_drawn_today_tests_a_replaced_act(bank, catalogue):
    """A question whose basis or stem cites an act replaced on or before today is history: it is
    retired the day before the replacement took effect ("Hiệu lực đến") and its stem says so
    ("Trước ngày 01/7/2025, …", "… (áp dụng trước ngày 01/7/2025)")."""
    today = date.today()
    for number, question in enumerate(bank, start=1):
        for symbol in set(cited(question.legal_basis) + cited(question.text)):
            replaced_on = (catalogue.get(symbol) or {}).get("replaced_on")
            if not replaced_on or date.fromisoformat(replaced_on) > today:
                continue
            assert question.valid_to and question.valid_to < date.fromisoformat(replaced_on), (
                f"Q{number} cites {symbol} (replaced on {replaced_on}) and can still be drawn")
            assert f"trước ngày {bank_date(replaced_on)}" in question.text.lower(), (
                f"Q{number} cites {symbol} but its stem is not framed as history: {question.text}")


def test_the_longest_option_does_not_give_the_key_away(bank):
    """Of the single-choice questions that have one longest option, it is the key in at most 30 %
    (and not almost never either: then "never pick the longest" would be the cue)."""
    with_longest = hits = 0
    for question in bank:
        if question.kind != "single":
            continue
        lengths = [len(option) for option in question.options]
        if lengths.count(max(lengths)) == 1:
            with_longest += 1
            hits += lengths.index(max(lengths)) == question.correct[0]
    assert with_longest >= 50
    assert 0.10 <= hits / with_longest <= 0.30, f"{hits}/{with_longest}"


def test_multiple_answer_questions_vary_their_number_of_right_options(bank):
    counts = Counter(len(q.correct) for q in bank if q.kind == "multiple")
    assert sum(counts.values()) >= 20 and len(counts) >= 3
    assert max(counts.values()) <= 0.6 * sum(counts.values()), counts
    assert all(len(q.correct) < len(q.options) for q in bank if q.kind == "multiple")


def test_keys_are_spread_over_the_letters_and_true_false_is_balanced(bank):
    singles = Counter(q.correct[0] for q in bank if q.kind == "single" and len(q.options) == 4)
    total = sum(singles.values())
    assert set(singles) == {0, 1, 2, 3} and all(0.2 <= n / total <= 0.3 for n in singles.values()), singles
    true_false = [q for q in bank if q.kind == "true_false"]
    assert all(q.options == ["Đúng", "Sai"] for q in true_false)
    share_true = sum(q.correct == [0] for q in true_false) / len(true_false)
    assert 0.4 <= share_true <= 0.6, share_true
    assert all(len(q.correct) == 1 for q in bank if q.kind == "single")


def loose(text: str) -> str:
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in bare if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


def test_no_two_stems_are_near_duplicates(bank):
    stems = [loose(q.text) for q in bank]
    assert len(set(stems)) == len(stems)
    words = [set(stem.split()) for stem in stems]
    close = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for b, second in enumerate(stems):
        matcher.set_seq2(second)  # the matcher caches what it learns about its second sequence
        for a in range(b):
            if len(words[a] & words[b]) < 0.5 * min(len(words[a]), len(words[b])):
                continue  # stems sharing under half their words are nowhere near 80 % alike
            matcher.set_seq1(stems[a])
            if matcher.real_quick_ratio() > 0.8 and matcher.quick_ratio() > 0.8 and matcher.ratio() > 0.8:
                close.append((f"Q{a + 1}", f"Q{b + 1}", round(matcher.ratio(), 2)))
    assert not close, close


def test_text_is_clean_vietnamese_in_the_bank_style(bank):
    old_tone = re.compile(r"(?<![qQ])(oá|oà|oả|oã|oạ|oé|oè|oẻ|oẽ|oẹ|uý|uỳ|uỷ|uỹ|uỵ)(?![a-zà-ỹ])", re.IGNORECASE)
    for number, question in enumerate(bank, start=1):
        texts = [question.text, *question.options, question.legal_basis or "", question.explanation or ""]
        for text in texts:
            assert unicodedata.normalize("NFC", text) == text, f"Q{number} is not NFC"
            assert not re.search(r"\b(19|20)\d\d-(19|20)\d\d\b", text), f"Q{number}: year range needs an en dash"
            assert not old_tone.search(text), f"Q{number}: old tone placement in {text!r}"
            for day, month, _ in re.findall(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])", text):
                zero_padded = month.startswith("0") or int(month) >= 10
                assert len(day) == 2 and zero_padded == (int(month) < 3 or int(month) >= 10), (
                    f"Q{number}: date style (01/7/2025, 19/02/2025) in {text!r}")
        assert not any(ALL_OF_THE_ABOVE.search(option) for option in question.options), f"Q{number}"
        assert len(set(question.options)) == len(question.options), f"Q{number} repeats an option"


def test_soc_trang_questions_say_the_province_is_now_part_of_can_tho(bank):
    about_soc_trang = [q for q in bank if "Sóc Trăng" in q.text]
    assert about_soc_trang
    assert all("Cần Thơ" in q.text for q in about_soc_trang), [q.text for q in about_soc_trang
                                                               if "Cần Thơ" not in q.text]
