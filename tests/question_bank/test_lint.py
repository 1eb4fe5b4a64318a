"""The import lint: every warning, what it is not fooled by, and its messages in both languages."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from question_bank import TOPICS, DocumentRow, QuestionRow, lint_bank, similar
from question_bank.similar import THRESHOLD, near_duplicates
from question_bank.text import fold

TODAY = date(2026, 12, 3)


def question(row: int, text: str | None = None, **changes) -> QuestionRow:
    base = QuestionRow(
        text=text or f"Câu hỏi số {row} về thủ tục hành chính?", kind="single",
        options=["Bộ Tư pháp", "Bộ Nội vụ", "Văn phòng Chính phủ", "Bộ Tài chính"], correct=[1],
        topic=TOPICS[2], difficulty=1, legal_basis="Điều 5, Nghị định 61/2018/NĐ-CP", row=row)
    return replace(base, **changes)


def warnings(questions, documents=(), existing=(), lang="vi", today=TODAY):
    return lint_bank(questions, documents, existing=existing, today=today, lang=lang)


def codes(found) -> list[tuple[int | None, str]]:
    return [(w.row, w.code) for w in found]


# near-duplicates ---------------------------------------------------------------------------

NQ76 = "Nghị quyết 76/NQ-CP ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn nào?"


def test_a_reworded_question_is_a_near_duplicate_of_the_earlier_row():
    found = warnings([question(2, NQ76),
                      question(3, "Nghị quyết số 76/NQ-CP ban hành Chương trình tổng thể cải cách hành "
                                  "chính nhà nước cho giai đoạn nào?")])
    assert codes(found) == [(3, "near_duplicate")]
    assert "dòng 2" in found[0].message and "giống 90%" in found[0].message


def test_near_duplicates_ignore_case_diacritics_and_punctuation():
    plain = "nghi quyet 76/nq-cp ban hanh chuong trinh tong the cai cach hanh chinh nha nuoc giai doan nao"
    assert codes(warnings([question(2, NQ76), question(3, plain)])) == [(3, "near_duplicate")]


@pytest.mark.parametrize("first, second", [
    # the same words about two different acts: the numbers tell them apart
    ("Luật Cán bộ, công chức số 22/2008/QH12 có hiệu lực từ ngày nào?",
     "Luật Cán bộ, công chức số 80/2025/QH15 có hiệu lực từ ngày nào?"),
    # too few words in common
    ("Cơ quan nào chủ trì công bố Chỉ số cải cách hành chính hằng năm?",
     "Cơ quan nào chủ trì xây dựng Cổng Dịch vụ công quốc gia?"),
])
def test_different_questions_are_not_near_duplicates(first, second):
    assert warnings([question(2, first), question(3, second)]) == []


def test_a_generic_stem_with_other_options_is_not_a_near_duplicate():
    generic = "Phát biểu nào sau đây đúng?"
    other = question(3, generic, options=["Xã là đơn vị hành chính", "Tỉnh có 3 cấp", "Huyện còn tồn tại"],
                     correct=[0])
    assert warnings([question(2, generic), other]) == []
    shared = replace(other, options=["Bộ Nội vụ", "Tỉnh có 3 cấp", "Huyện còn tồn tại"])
    assert codes(warnings([question(2, generic), shared])) == [(3, "near_duplicate")]


def test_true_false_statements_alike_are_near_duplicates():
    rows = [question(2, "Chỉ số PAPI khảo sát người dân về hiệu quả quản trị và hành chính công cấp tỉnh.",
                     kind="true_false", options=["Đúng", "Sai"], correct=[0]),
            question(3, "Chỉ số PAPI khảo sát người dân về hiệu quả quản trị và hành chính công của cấp tỉnh.",
                     kind="true_false", options=["Đúng", "Sai"], correct=[0])]
    assert codes(warnings(rows)) == [(3, "near_duplicate")]


def test_near_duplicate_of_a_question_already_in_the_target_bank():
    existing = [("Câu hỏi khác hẳn về công vụ?", ["Một", "Hai"]),
                (NQ76, ["Bộ Tư pháp", "Bộ Nội vụ"])]
    found = warnings([question(2, NQ76.replace("giai đoạn nào", "cho giai đoạn nào"))], existing=existing)
    assert codes(found) == [(2, "near_duplicate_bank")]
    assert f"“{NQ76[:79]}…”" in found[0].message  # quoted, cut to 80 characters
    english = warnings([question(2, NQ76 + " ")], existing=existing, lang="en")
    assert english[0].message == ("This question is nearly the same as one already in the bank (100% alike): "
                                  f"“{NQ76[:79]}…”.")


def test_the_prefix_filter_finds_what_comparing_every_pair_finds(monkeypatch):
    monkeypatch.setattr(similar, "MAX_CANDIDATES", 10**9)  # the filter alone, without the work cap
    rng = random.Random(5)
    vocabulary = [f"tu{chr(97 + i)}{chr(97 + j)}" for i in range(6) for j in range(6)]
    items = []
    for _ in range(300):
        words = rng.sample(vocabulary, rng.randint(3, 9))
        if items and rng.random() < 0.4:  # a variant of an earlier text: one word changed or added
            words = list(rng.choice(items)[0].split())
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
            if rng.random() < 0.5:
                words.append(rng.choice(vocabulary))
        items.append((" ".join(words), ["chung"]))
    sets = [frozenset(text.split()) for text, _ in items]
    expected = {i for i in range(len(items)) for j in range(i)
                if len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= THRESHOLD}
    found = near_duplicates(items)
    assert set(found) == expected and len(expected) > 50
    for i, (j, similarity) in found.items():
        assert j < i and similarity == len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= THRESHOLD


def test_thousands_of_alike_rows_each_name_an_earlier_one():
    rows = [question(n + 2, f"Cơ quan nào chủ trì việc công bố chỉ số cải cách hành chính hằng năm ở "
                            f"{'xyz'[n % 3]}{'klmnpqrstv'[n // 3 % 10]}{'bcdfgh'[n // 30 % 6]}{'aeiou'[n // 180]}?")
            for n in range(900)]
    found = [w for w in warnings(rows) if w.code == "near_duplicate"]
    assert [w.row for w in found] == list(range(3, 902))
    assert all(int(w.message.split("dòng ")[1].split(" ")[0]) < w.row for w in found)


# dates, legal basis ------------------------------------------------------------------------

def test_validity_dates_that_exclude_today():
    rows = [question(2, valid_to=TODAY - timedelta(days=1)), question(3, valid_from=TODAY + timedelta(days=1)),
            question(4, valid_from=TODAY, valid_to=TODAY), question(5, valid_to=TODAY + timedelta(days=30))]
    found = warnings(rows)
    assert codes(found) == [(2, "expired"), (3, "not_yet_valid")]
    assert "02/12/2026" in found[0].message and "04/12/2026" in found[1].message
    english = warnings(rows, lang="en")
    assert english[0].message == ("“Hiệu lực đến” (valid to) is 02/12/2026, already past: the question is "
                                  "imported but never drawn.")


def test_a_missing_legal_basis():
    found = warnings([question(2, legal_basis=None), question(3)])
    assert codes(found) == [(2, "no_legal_basis")]


# cues: the longest option, the count of right options, options about options --------------

def long_key(row: int, key: str = "Bộ Nội vụ, cơ quan thuộc Chính phủ thực hiện chức năng quản lý nhà nước") -> QuestionRow:
    return question(row, options=["Bộ Tư pháp", key, "Văn phòng", "Bộ Tài chính"])


def test_a_key_clearly_longer_than_every_other_option():
    found = warnings([long_key(2), long_key(3, "Bộ Nội vụ (chủ trì)"), question(4)])
    assert codes(found) == [(2, "longest_key")]
    assert "(B, 71 ký tự)" in found[0].message and "(dài nhất 12 ký tự)" in found[0].message


def test_a_bank_whose_key_is_the_longest_too_often():
    longest = [long_key(n, "Bộ Nội vụ (chủ trì)") for n in range(2, 6)]          # 4 of 10: 40 %
    others = [question(n, options=["Bộ Tư pháp và Bộ Công an", "Bộ Nội vụ", "Văn phòng", "Bộ Tài chính"])
              for n in range(6, 12)]
    found = warnings(longest + others)
    assert codes(found) == [(None, "longest_key_share")]
    assert "ở 4 câu (40%; nếu ngẫu nhiên khoảng 25%, nên không quá 30%)" in found[0].message
    assert warnings(longest[:3] + others + [question(12, options=["A dài dài", "B", "C", "D"])]) == []


def test_multiple_answer_questions_with_always_the_same_count_of_right_options():
    several = [question(n, kind="multiple", correct=[0, 1, 2]) for n in range(2, 8)]
    found = warnings(several)
    assert codes(found) == [(None, "same_correct_count")]
    assert "6 trong 6 câu nhiều đáp án (100%) đều có 3 đáp án đúng" in found[0].message
    varied = several[:3] + [replace(q, correct=[0, 3]) for q in several[3:]]
    assert warnings(varied) == []


@pytest.mark.parametrize("option", [
    "Tất cả các phương án trên", "Tất cả các đáp án trên đều đúng", "Tất cả đều đúng", "Tất cả các ý trên",
    "Không có phương án nào đúng", "Không phương án nào đúng", "Cả A và B", "Cả A, B và C",
    "A và B đều đúng", "Phương án A và C", "Cả hai phương án trên", "Cả ba đều sai",
    "Các phương án trên đều sai", "tat ca cac phuong an tren", "All of the above", "None of the above",
])
def test_options_that_speak_about_the_other_options(option):
    found = warnings([question(2, options=["Bộ Tư pháp", "Bộ Nội vụ", "Văn phòng Chính phủ", option])])
    assert codes(found) == [(2, "about_other_options")]
    assert f"Phương án D “{option}”" in found[0].message


@pytest.mark.parametrize("option", [
    "Tất cả cán bộ, công chức cấp xã", "Cả nước", "Bộ Nội vụ và Bộ Tư pháp", "Cải cách thể chế",
    "Không có thẩm quyền", "Ủy ban nhân dân cấp xã", "Cả tỉnh và xã",
])
def test_ordinary_options_are_not_taken_for_options_about_options(option):
    assert warnings([question(2, options=["Bộ Tư pháp", "Bộ Nội vụ", "Văn phòng Chính phủ", option])]) == []


# citing a replaced act ---------------------------------------------------------------------

OLD_LAW = DocumentRow("22/2008/QH12", "Luật Cán bộ, công chức", replaced_on=date(2025, 7, 1),
                      replaced_by="80/2025/QH15")
NEW_LAW = DocumentRow("80/2025/QH15", "Luật Cán bộ, công chức", effective_from=date(2025, 7, 1))


def test_citing_an_act_the_catalogue_marks_as_replaced():
    cited = question(2, legal_basis="Điều 34 Luật Cán bộ, công chức số 22/2008/QH12")
    found = warnings([cited, question(3, legal_basis="Luật 80/2025/QH15")], [OLD_LAW, NEW_LAW])
    assert codes(found) == [(2, "cites_replaced")]
    assert "22/2008/QH12" in found[0].message and "01/07/2025 (thay thế bởi 80/2025/QH15)" in found[0].message
    english = warnings([cited], [OLD_LAW], lang="en")
    assert "which sheet “Văn bản” says is no longer in force from 01/07/2025 (replaced by 80/2025/QH15)" \
        in english[0].message


@pytest.mark.parametrize("changes", [
    {"valid_to": date(2025, 6, 30)},                                  # retired before the act ended
    {"text": "Trước ngày 01/7/2025, theo Luật Cán bộ, công chức 2008, công chức loại A là ai?"},
    {"legal_basis": "Luật 122/2008/QH12"},                            # another symbol ending the same way
    {"legal_basis": None},
])
def test_citations_that_need_no_warning(changes):
    found = warnings([question(2, **{"legal_basis": "Luật 22/2008/QH12", **changes})], [OLD_LAW])
    assert [w.code for w in found if w.code.startswith("cites")] == []


def test_symbols_match_without_case_or_diacritics_and_future_or_undated_replacements():
    decree = DocumentRow("61/2018/NĐ-CP", "Nghị định một cửa", replaced_on=date(2027, 1, 1))
    undated = DocumentRow("45/2020/NĐ-CP", "Nghị định TTHC điện tử", replaced_by="một nghị định mới")
    rows = [question(2, legal_basis="Điều 5, nghị định 61/2018/nd-cp."), question(3, legal_basis="NĐ 45/2020/NĐ-CP"),
            question(4, legal_basis="Nghị định 61/2018/NĐ-CP", valid_to=date(2026, 12, 31))]
    assert codes(warnings(rows, [decree, undated])) == [(2, "cites_replaced_soon"), (3, "cites_replaced_undated")]


def test_warnings_come_by_row_with_the_bank_wide_ones_first():
    rows = [long_key(n, "Bộ Nội vụ (chủ trì)") for n in range(2, 12)]
    rows[3] = replace(rows[3], legal_basis=None, valid_to=TODAY - timedelta(days=3))
    found = warnings(rows)
    assert codes(found) == [(None, "longest_key_share"), (5, "expired"), (5, "no_legal_basis")]
    assert found[1].as_dict() == {"sheet": "Câu hỏi", "row": 5, "code": "expired",
                                  "message": found[1].message}


def test_fold_is_what_the_comparisons_see():
    assert fold("Nghị định 61/2018/NĐ-CP, Điều 5!") == "nghi dinh 61 2018 nd cp dieu 5"
