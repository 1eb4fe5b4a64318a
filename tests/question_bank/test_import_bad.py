import io
import zipfile

import pytest

import question_bank.importer
from question_bank import TOPICS, WorkbookInvalid, duplicate_key, read_bank

from xlsx_factory import HEADERS, bank, good_row, workbook

Q = "Câu hỏi"


def problems_of(data: bytes, **kwargs) -> list:
    with pytest.raises(WorkbookInvalid) as caught:
        read_bank(data, **kwargs)
    return caught.value.problems


def zipped(**files: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


def without(*headers: str) -> list[str]:
    return [header for header in HEADERS if header not in headers]


LONG = "x" * 5000
CASES = {
    # file-level: sheet, row and column are None
    "random bytes": (bytes(range(256)) * 4, [(None, None, None, "không phải bảng tính Excel")]),
    "empty file": (b"", [(None, None, None, "không phải bảng tính Excel")]),
    "csv renamed": ("STT,Nội dung câu hỏi\n1,Câu hỏi\n".encode(), [(None, None, None, ".xlsx")]),
    "old xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), [(None, None, None, "Excel cũ (.xls)")]),
    "zip, not a workbook": (zipped(readme__txt=b"hello"), [(None, None, None, "không phải bảng tính")]),
    "workbook xml broken": (zipped(**{"[Content_Types]__xml": b"<Types/>", "xl__workbook__xml": b"<no"}),
                            [(None, None, None, "không phải bảng tính")]),
    "over 5 MB": (b"PK" + bytes(5 * 1024 * 1024), [(None, None, None, "tối đa là 5 MB")]),
    "zip bomb": (zipped(big__bin=bytes(101 * 1024 * 1024)), [(None, None, None, "tối đa là 100 MB")]),
    # sheets
    "sheet renamed": (workbook({"Sheet1": [HEADERS], "Hướng dẫn": [["x"]]}),
                      [(Q, None, None, "“Sheet1”, “Hướng dẫn”")]),
    "sheet deleted": (workbook({"Hướng dẫn": [["x"]]}), [(Q, None, None, "Không tìm thấy trang tính “Câu hỏi”")]),
    "sheet empty": (workbook({Q: []}), [(Q, None, None, "trống")]),
    "headers only": (bank([]), [(Q, None, None, "không có dòng dữ liệu")]),
    # headers
    "missing headers": (bank([good_row(1)], headers=without("Đáp án đúng", "Chủ đề")),
                        [(Q, 1, "Đáp án đúng", "Thiếu cột bắt buộc “Đáp án đúng”"),
                         (Q, 1, "Chủ đề", "Thiếu cột bắt buộc “Chủ đề”")]),
    "no header at all": (workbook({Q: [["Câu", "Trả lời"], ["một", "hai"]]}),
                         [(Q, 1, h, "Thiếu cột") for h in ("Nội dung câu hỏi", "Phương án A", "Phương án B",
                                                            "Đáp án đúng", "Chủ đề", "Mức độ")]),
    "duplicate header": (bank([good_row(1)], headers=[*HEADERS, "chủ đề"]),
                         [(Q, 1, "Chủ đề", "các cột K, Q")]),
    "seventh option column": (bank([good_row(1, **{"Phương án G": "Bảy"})], headers=[*HEADERS, "Phương án G"]),
                              [(Q, 1, "Phương án G", "tối đa 6 phương án")]),
    # rows
    "empty question": (bank([good_row(1, **{"Nội dung câu hỏi": "  "})]),
                       [(Q, 2, "Nội dung câu hỏi", "Chưa nhập “Nội dung câu hỏi”")]),
    "one option": (bank([good_row(1, **{"Phương án B": None, "Phương án C": None, "Phương án D": None,
                                         "Đáp án đúng": "A"})]),
                   [(Q, 2, "Phương án B", "ít nhất 2 phương án")]),
    "no options": (bank([good_row(1, **{"Phương án A": None, "Phương án B": None, "Phương án C": None,
                                         "Phương án D": None, "Đáp án đúng": "A"})]),
                   [(Q, 2, "Phương án A", "mới có 0"), (Q, 2, "Đáp án đúng", "“A” trỏ tới phương án trống")]),
    "gap in options": (bank([good_row(1, **{"Phương án B": None, "Đáp án đúng": "A"})]),
                       [(Q, 2, "Phương án B", "Phương án B để trống trong khi phương án D")]),
    "correct missing": (bank([good_row(1, **{"Đáp án đúng": None})]),
                        [(Q, 2, "Đáp án đúng", "Chưa nhập “Đáp án đúng”")]),
    "correct unparsable": (bank([good_row(1, **{"Đáp án đúng": "G"})]),
                           [(Q, 2, "Đáp án đúng", "Đáp án đúng “G” không đọc được")]),
    "correct is a number": (bank([good_row(1, **{"Đáp án đúng": 2})]),
                            [(Q, 2, "Đáp án đúng", "không đọc được")]),
    "correct points at empty option": (bank([good_row(1, **{"Loại câu hỏi": "Nhiều đáp án", "Đáp án đúng": "A, E"})]),
                                       [(Q, 2, "Đáp án đúng", "Đáp án đúng “E” trỏ tới phương án trống")]),
    "single with several answers": (bank([good_row(1, **{"Đáp án đúng": "A, B"})]),
                                    [(Q, 2, "Đáp án đúng", "chỉ có một đáp án đúng")]),
    "true/false with four options": (bank([good_row(1, **{"Loại câu hỏi": "Đúng/Sai"})]),
                                     [(Q, 2, "Loại câu hỏi", "phải có đúng 2 phương án; đang có 4")]),
    "unknown kind": (bank([good_row(1, **{"Loại câu hỏi": "Tự luận"})]),
                     [(Q, 2, "Loại câu hỏi", "“Tự luận” không hợp lệ")]),
    "unknown topic": (bank([good_row(1, **{"Chủ đề": "Cải cách giáo dục"})]),
                      [(Q, 2, "Chủ đề", TOPICS[6])]),
    "missing topic": (bank([good_row(1, **{"Chủ đề": None})]), [(Q, 2, "Chủ đề", "Chưa nhập “Chủ đề”")]),
    "unknown difficulty": (bank([good_row(1, **{"Mức độ": "Rất khó"})]),
                           [(Q, 2, "Mức độ", "Mức độ “Rất khó” không hợp lệ")]),
    "difficulty out of range": (bank([good_row(1, **{"Mức độ": 4})]), [(Q, 2, "Mức độ", "“4”")]),
    "missing difficulty": (bank([good_row(1, **{"Mức độ": None})]), [(Q, 2, "Mức độ", "Chưa nhập")]),
    "duplicate in file": (bank([good_row(1), good_row(2), good_row(3, **{
        "Nội dung câu hỏi": "  CÂU HỎI THỬ SỐ 1:  cơ quan nào chủ trì công bố Chỉ số cải cách hành chính ?"})]),
        [(Q, 4, "Nội dung câu hỏi", "trùng với câu hỏi ở dòng 2")]),
    "formula": (bank([good_row(1, **{"Nội dung câu hỏi": '=CONCAT("Câu ", "hỏi")'})]),
                [(Q, 2, "Nội dung câu hỏi", "Ô B2 chứa công thức")]),
    "formula in correct answer": (bank([good_row(1, **{"Đáp án đúng": "=D2"})]),
                                  [(Q, 2, "Đáp án đúng", "Ô J2 chứa công thức “=D2”")]),
    "formula with another problem in its row": (bank([good_row(1, **{"Phương án B": "=B1", "Chủ đề": "x"})]),
                                                [(Q, 2, "Phương án B", "công thức"), (Q, 2, "Chủ đề", "“x”")]),
    "merged cells": (bank([good_row(1), good_row(2)], merged=["C2:C3"]),
                     [(Q, 2, "Loại câu hỏi", "Các ô C2:C3 đang được gộp")]),
    "question too long": (bank([good_row(1, **{"Nội dung câu hỏi": LONG[:1001]})]),
                          [(Q, 2, "Nội dung câu hỏi", "dài 1001 ký tự, vượt giới hạn 1000")]),
    "option too long": (bank([good_row(1, **{"Phương án C": LONG[:301]})]),
                        [(Q, 2, "Phương án C", "vượt giới hạn 300")]),
    "legal basis too long": (bank([good_row(1, **{"Căn cứ pháp lý": LONG[:301]})]),
                             [(Q, 2, "Căn cứ pháp lý", "vượt giới hạn 300")]),
    "explanation too long": (bank([good_row(1, **{"Giải thích": LONG[:2001]})]),
                             [(Q, 2, "Giải thích", "vượt giới hạn 2000")]),
    "bad date": (bank([good_row(1, **{"Hiệu lực từ": "31/02/2025"})]),
                 [(Q, 2, "Hiệu lực từ", "Ngày “31/02/2025” không hợp lệ")]),
    "date as words": (bank([good_row(1, **{"Hiệu lực đến": "năm sau"})]), [(Q, 2, "Hiệu lực đến", "dd/mm/yyyy")]),
    "end before start": (bank([good_row(1, **{"Hiệu lực đến": "09/11/2022"})]),
                         [(Q, 2, "Hiệu lực đến", "(09/11/2022) trước ngày có hiệu lực (10/11/2022)")]),
}


@pytest.mark.parametrize("data, expected", CASES.values(), ids=CASES.keys())
def test_every_class_of_bad_file_is_located_and_explained(data, expected):
    problems = problems_of(data)
    assert [(p.sheet, p.row, p.column) for p in problems] == [e[:3] for e in expected]
    for problem, (*_, fragment) in zip(problems, expected):
        assert fragment in problem.message


def test_duplicates_of_questions_already_in_the_bank():
    stored = duplicate_key("Câu hỏi thử số 2: cơ quan nào chủ trì công bố chỉ số cải cách hành chính",
                           ["Bộ Tài chính", "Văn phòng Chính phủ", "Bộ Nội vụ", "Bộ Tư pháp"])
    problems = problems_of(bank([good_row(1), good_row(2)]), existing_keys=[stored])
    assert [(p.row, p.column, p.message) for p in problems] == [
        (3, "Nội dung câu hỏi",
         "Câu hỏi (cùng nội dung và cùng các phương án) đã có trong ngân hàng câu hỏi.")]


def test_more_rows_than_the_limit_is_refused_with_the_limit_named(monkeypatch):
    monkeypatch.setattr(question_bank.importer, "MAX_QUESTION_ROWS", 3)
    problems = problems_of(bank([good_row(n) for n in range(1, 5)]))
    assert [(p.sheet, p.row) for p in problems] == [(Q, 5)]
    assert "hơn 3 dòng dữ liệu" in problems[0].message


def test_one_workbook_with_many_broken_rows_reports_every_one():
    rows = [
        good_row(1),                                                        # 2: fine
        good_row(2, **{"Nội dung câu hỏi": None}),                           # 3
        good_row(3, **{"Đáp án đúng": "E"}),                                 # 4
        good_row(4, **{"Chủ đề": "Không có"}),                               # 5
        good_row(1),                                                        # 6: repeats row 2
        good_row(6, **{"Phương án A": "=1+1"}),                              # 7
        good_row(7, **{"Phương án B": "y" * 400}),                           # 8
        good_row(8, **{"Hiệu lực từ": "32/13/2025"}),                        # 9
        {},                                                                 # 10: blank, skipped
        good_row(10, **{"Mức độ": "?", "Phương án B": None, "Đáp án đúng": "B"}),  # 11: three problems
        good_row(11),                                                       # 12: fine, merged topic
        good_row(12, **{"Chủ đề": None}),                                    # 13: under the merge
    ]
    problems = problems_of(bank(rows, merged=["K12:K13"]))
    assert [(p.row, p.column) for p in problems] == [
        (3, "Nội dung câu hỏi"),
        (4, "Đáp án đúng"),
        (5, "Chủ đề"),
        (6, "Nội dung câu hỏi"),
        (7, "Phương án A"),
        (8, "Phương án B"),
        (9, "Hiệu lực từ"),
        (11, "Phương án B"), (11, "Đáp án đúng"), (11, "Mức độ"),
        (12, "Chủ đề"),
        (13, "Chủ đề"),
    ]
    assert all(p.sheet == Q for p in problems)
    assert "dòng 2" in problems[3].message and "gộp" in problems[10].message


@pytest.mark.parametrize("data, expected", [
    (b"not a workbook", "The file is not an Excel workbook (.xlsx). Open it in Excel and save it as "
                        "“Excel Workbook (*.xlsx)”."),
    (bank([good_row(1)], headers=[h for h in HEADERS if h != "Đáp án đúng"]),
     "Required column “Đáp án đúng” is missing."),
    (bank([good_row(1, **{"Đáp án đúng": "C, E", "Loại câu hỏi": None})]),
     "Correct answer “E” points at an empty option."),
    (bank([good_row(1, **{"Mức độ": "Siêu khó"})]),
     "Difficulty “Siêu khó” is not valid; use Dễ, Trung bình, Khó (or 1, 2, 3)."),
    (bank([good_row(1), good_row(1)]),
     "This question repeats the question on row 2: the same text and the same options."),
])
def test_messages_in_english(data, expected):
    problems = problems_of(data, lang="en")
    assert [p.message for p in problems] == [expected]


def test_problems_serialise_for_the_api():
    [problem] = problems_of(bank([good_row(1, **{"Mức độ": None})]))
    assert problem.as_dict() == {"sheet": Q, "row": 2, "column": "Mức độ", "message": "Chưa nhập “Mức độ”."}


def test_a_damaged_sheet_is_named():
    good = bank([good_row(1)])
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            target.writestr(item, content)
    [problem] = problems_of(damaged.getvalue())
    assert (problem.sheet, problem.row, problem.column) == (Q, None, None)
    assert "Không đọc được trang tính “Câu hỏi”" in problem.message
