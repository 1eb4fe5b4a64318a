"""Duplicates are judged on the text and the options together."""
import pytest

from question_bank import WorkbookInvalid, duplicate_key, read_bank

from xlsx_factory import bank, good_row

GENERIC = "Phát biểu nào sau đây đúng?"


def generic(n: int, a: str, b: str, c: str, correct: str = "A") -> dict:
    return good_row(n, **{"Nội dung câu hỏi": GENERIC, "Phương án A": a, "Phương án B": b, "Phương án C": c,
                          "Phương án D": None, "Đáp án đúng": correct})


def problems_of(data: bytes, **kwargs) -> list:
    with pytest.raises(WorkbookInvalid) as caught:
        read_bank(data, **kwargs)
    return caught.value.problems


def test_a_generic_stem_with_different_options_imports_twice():
    questions = read_bank(bank([
        generic(1, "Cấp huyện đã kết thúc hoạt động từ 01/7/2025", "Cả nước có 63 tỉnh", "Xã có 3 cấp"),
        generic(2, "Chính phủ có 14 bộ và 3 cơ quan ngang bộ", "Chính phủ có 22 bộ", "Chính phủ có 30 bộ"),
    ]))
    assert [q.text for q in questions] == [GENERIC, GENERIC]
    assert questions[0].options != questions[1].options


def test_the_same_stem_with_the_same_options_in_another_order_is_refused():
    problems = problems_of(bank([
        generic(1, "Một", "Hai", "Ba"),
        generic(2, "Ba", " MỘT ", "Hai.", correct="B"),
    ]))
    assert [(p.sheet, p.row, p.column) for p in problems] == [("Câu hỏi", 3, "Nội dung câu hỏi")]
    assert "trùng với câu hỏi ở dòng 2: cùng nội dung và cùng các phương án" in problems[0].message


def test_the_same_question_already_in_the_target_bank_is_refused_whatever_the_order():
    stored = duplicate_key(GENERIC, ["Hai", "Ba", "Một"])
    problems = problems_of(bank([generic(1, "Một", "Hai", "Ba"), generic(2, "Bốn", "Năm", "Sáu")]),
                           existing_keys=[stored])
    assert [(p.row, p.column) for p in problems] == [(2, "Nội dung câu hỏi")]
    assert "đã có trong ngân hàng" in problems[0].message
    assert len(read_bank(bank([generic(1, "Một", "Hai", "Bảy")]), existing_keys=[stored])) == 1


def test_the_key_ignores_case_spacing_and_final_punctuation_but_not_words():
    assert duplicate_key("Câu hỏi  MẪU?", ["A.", "b"]) == duplicate_key("câu hỏi mẫu", ["B", "a"])
    assert duplicate_key("Câu hỏi mẫu", ["A", "B"]) != duplicate_key("Câu hỏi mẫu", ["A", "C"])
    assert duplicate_key("Câu hỏi mẫu", ["A", "B"]) != duplicate_key("Câu hỏi khác", ["A", "B"])
    assert duplicate_key("Câu", ["A", "A", "B"]) != duplicate_key("Câu", ["A", "B"])
