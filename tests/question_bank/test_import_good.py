import unicodedata
from datetime import date, datetime

import pytest

from question_bank import TOPICS, QuestionRow, read_bank

from xlsx_factory import HEADERS, bank, good_row, table, workbook


def test_a_good_file_imports_with_every_field():
    rows = [
        good_row(1, **{"Hiệu lực đến": "30/06/2030"}),
        good_row(2, **{"Nội dung câu hỏi": "Những chỉ số nào do Bộ Nội vụ công bố?",
                       "Loại câu hỏi": "Nhiều đáp án", "Phương án A": "PAR Index", "Phương án B": "PCI",
                       "Phương án C": "SIPAS", "Phương án D": None, "Đáp án đúng": "A, C",
                       "Chủ đề": TOPICS[4], "Mức độ": "Trung bình", "Giải thích": None,
                       "Căn cứ pháp lý": None, "Hiệu lực từ": None}),
        good_row(3, **{"Nội dung câu hỏi": "PAPI do UNDP khởi xướng.", "Loại câu hỏi": "Đúng/Sai",
                       "Phương án A": None, "Phương án B": None, "Phương án C": None, "Phương án D": None,
                       "Đáp án đúng": "A", "Mức độ": "Khó", "Hiệu lực từ": datetime(2025, 7, 1)}),
    ]
    questions = read_bank(bank(rows))
    assert questions == [
        QuestionRow(
            text="Câu hỏi thử số 1: cơ quan nào chủ trì công bố Chỉ số cải cách hành chính?",
            kind="single", options=["Bộ Tư pháp", "Bộ Nội vụ", "Văn phòng Chính phủ", "Bộ Tài chính"],
            correct=[1], topic=TOPICS[0], difficulty=1, legal_basis="Quyết định 876/QĐ-BNV",
            explanation="Bộ Nội vụ xác định và công bố PAR Index hằng năm.",
            valid_from=date(2022, 11, 10), valid_to=date(2030, 6, 30)),
        QuestionRow(
            text="Những chỉ số nào do Bộ Nội vụ công bố?", kind="multiple",
            options=["PAR Index", "PCI", "SIPAS"], correct=[0, 2], topic=TOPICS[4], difficulty=2),
        QuestionRow(
            text="PAPI do UNDP khởi xướng.", kind="true_false", options=["Đúng", "Sai"], correct=[0],
            topic=TOPICS[0], difficulty=3, legal_basis="Quyết định 876/QĐ-BNV",
            explanation="Bộ Nội vụ xác định và công bố PAR Index hằng năm.", valid_from=date(2025, 7, 1)),
    ]
    assert [q.row for q in questions] == [2, 3, 4]


@pytest.mark.parametrize("cells, expected", [
    ({"Loại câu hỏi": None, "Đáp án đúng": "C"}, ("single", [2])),
    ({"Loại câu hỏi": None, "Đáp án đúng": "a;d"}, ("multiple", [0, 3])),
    ({"Loại câu hỏi": None, "Đáp án đúng": "BD"}, ("multiple", [1, 3])),
    ({"Loại câu hỏi": None, "Phương án A": "Đúng", "Phương án B": "Sai", "Phương án C": None,
      "Phương án D": None, "Đáp án đúng": "B"}, ("true_false", [1])),
    ({"Loại câu hỏi": "đúng / sai", "Phương án A": None, "Phương án B": None, "Phương án C": None,
      "Phương án D": None, "Đáp án đúng": "Sai"}, ("true_false", [1])),
    ({"Loại câu hỏi": "  NHIỀU ĐÁP ÁN ", "Đáp án đúng": "B"}, ("multiple", [1])),
    ({"Loại câu hỏi": "mot dap an", "Đáp án đúng": " b. "}, ("single", [1])),
])
def test_kind_and_correct_letters(cells, expected):
    [question] = read_bank(bank([good_row(1, **cells)]))
    assert (question.kind, question.correct) == expected


@pytest.mark.parametrize("value, level", [("Dễ", 1), ("trung bình", 2), ("KHÓ", 3), (1, 1), (2.0, 2),
                                          ("3", 3), ("Trung  binh", 2)])
def test_difficulty_labels_and_numbers(value, level):
    [question] = read_bank(bank([good_row(1, **{"Mức độ": value})]))
    assert question.difficulty == level


def test_topic_is_matched_loosely_and_stored_in_its_canonical_spelling():
    loose = "  xây dựng và phát triển chính phủ điện tử,   CHÍNH PHỦ SỐ "
    [question] = read_bank(bank([good_row(1, **{"Chủ đề": loose})]))
    assert question.topic == TOPICS[6]


@pytest.mark.parametrize("value, expected", [
    ("01/07/2025", date(2025, 7, 1)), ("1/7/2025", date(2025, 7, 1)), ("01-07-2025", date(2025, 7, 1)),
    ("2025-07-01", date(2025, 7, 1)), (datetime(2025, 7, 1), date(2025, 7, 1)),
    (date(2018, 6, 21), date(2018, 6, 21)), ("21/06/2018 00:00:00", date(2018, 6, 21)),
])
def test_dates_as_text_or_real_excel_dates(value, expected):
    [question] = read_bank(bank([good_row(1, **{"Hiệu lực từ": value})]))
    assert question.valid_from == expected


def test_numbers_where_text_is_expected_become_plain_text():
    [question] = read_bank(bank([good_row(1, **{"Phương án A": 1990, "Phương án B": 2025.0,
                                                "Phương án C": 0.5, "Phương án D": None})]))
    assert question.options == ["1990", "2025", "0.5"]


def test_text_is_stripped_and_nfc_normalised():
    decomposed = unicodedata.normalize("NFD", "  Thủ tục hành chính là gì?  ")
    [question] = read_bank(bank([good_row(1, **{"Nội dung câu hỏi": decomposed,
                                                "Phương án A": "  Quy trình \n"})]))
    assert question.text == "Thủ tục hành chính là gì?"
    assert unicodedata.is_normalized("NFC", question.text)
    assert question.options[0] == "Quy trình"


def test_blank_rows_and_unknown_columns_are_ignored():
    headers = [*HEADERS, "Ghi chú nội bộ"]
    rows = [good_row(1, **{"Ghi chú nội bộ": "bỏ qua"}), {"STT": 2}, {}, {"Nội dung câu hỏi": "   "},
            good_row(5)]
    questions = read_bank(bank(rows, headers=headers))
    assert [q.row for q in questions] == [2, 6]


def test_headers_tolerate_case_spacing_diacritics_order_and_a_title_row_above():
    headers = ["  nội dung   câu hỏi ", "PHUONG AN A", "Phương án B", "đáp án đúng", "chu de", "Mức Độ"]
    row = good_row(1)
    values = [row["Nội dung câu hỏi"], "Có", "Không", "A", TOPICS[3], "Khó"]
    data = workbook({"Câu hỏi": [["NGÂN HÀNG CÂU HỎI HỘI THI CCHC"], [], headers, values]})
    [question] = read_bank(data)
    assert (question.options, question.correct, question.topic, question.row) == (
        ["Có", "Không"], [0], TOPICS[3], 4)


def test_a_formula_in_the_row_number_column_is_harmless():
    [question] = read_bank(bank([good_row(1, STT="=ROW()-1")]))
    assert question.text.startswith("Câu hỏi thử số 1")


def test_the_sheet_name_is_found_without_regard_to_case_or_spacing():
    questions = read_bank(workbook({"Hướng dẫn": [["x"]], " câu hỏi ": table([good_row(1)])}))
    assert len(questions) == 1
