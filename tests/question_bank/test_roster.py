import pytest

from question_bank import AgencyRow, OfficialRow, Roster, WorkbookInvalid, read_roster, write_roster

from xlsx_factory import OFFICIAL_HEADERS, ROSTER_HEADERS, roster, workbook

A, O = "Cơ quan, đơn vị", "Cán bộ"
TREE = [
    ("SNV-CCHC", "Phòng Cải cách hành chính", "snv", 9),     # child before its parent
    ("TINH", "Ủy ban nhân dân tỉnh", None, "12.500"),
    ("SNV", "Sở Nội vụ", "TINH", 85),
    ("XA-01", "Ủy ban nhân dân xã Phú Mỹ", "TINH", 40.0),
    (1001, "Trường Chính trị tỉnh", "TINH", None),
]
OFFICIALS = [
    ("CB0001", "Nguyễn Thị Lan", "snv-cchc", "Chuyên viên"),
    ("CB0002", "Trần Văn Minh", "XA-01", None),
]


def problems_of(data: bytes, **kwargs) -> list:
    with pytest.raises(WorkbookInvalid) as caught:
        read_roster(data, **kwargs)
    return caught.value.problems


def test_a_three_level_tree_reads_parents_first_with_codes_in_their_own_spelling():
    result = read_roster(roster(TREE, OFFICIALS))
    assert result.agencies == [
        AgencyRow("TINH", "Ủy ban nhân dân tỉnh", None, 12500),
        AgencyRow("SNV", "Sở Nội vụ", "TINH", 85),
        AgencyRow("SNV-CCHC", "Phòng Cải cách hành chính", "SNV", 9),
        AgencyRow("XA-01", "Ủy ban nhân dân xã Phú Mỹ", "TINH", 40),
        AgencyRow("1001", "Trường Chính trị tỉnh", "TINH", None),
    ]
    assert [a.row for a in result.agencies] == [3, 4, 2, 5, 6]
    assert result.officials == [
        OfficialRow("CB0001", "Nguyễn Thị Lan", "SNV-CCHC", "Chuyên viên"),
        OfficialRow("CB0002", "Trần Văn Minh", "XA-01", None),
    ]


def test_any_depth_is_accepted():
    chain = [(f"U{i}", f"Đơn vị cấp {i}", f"U{i - 1}" if i else None, i) for i in range(12)]
    assert [a.code for a in read_roster(roster(reversed(chain))).agencies] == [f"U{i}" for i in range(12)]


def test_the_officials_sheet_is_optional():
    assert read_roster(roster(TREE)).officials == []


def test_write_then_read_gives_the_same_roster():
    original = read_roster(roster(TREE, OFFICIALS))
    assert read_roster(write_roster(original)) == original
    assert write_roster(Roster([AgencyRow("A", "Một", None, None)], []))


BAD = {
    "not a workbook": (b"agency,name\n", [(None, None, None, "không phải bảng tính Excel")]),
    "agency sheet missing": (workbook({O: [OFFICIAL_HEADERS]}), [(A, None, None, "Các trang tính trong tệp: “Cán bộ”")]),
    "missing header": (roster([("A", "Một")], agency_headers=["Mã đơn vị", "Tên cơ quan x"]),
                       [(A, 1, "Tên đơn vị", "Thiếu cột bắt buộc “Tên đơn vị”")]),
    "empty code": (roster([(None, "Sở Tư pháp", None, 1)]), [(A, 2, "Mã đơn vị", "Chưa nhập “Mã đơn vị”")]),
    "empty name": (roster([("STP", "  ", None, 1)]), [(A, 2, "Tên đơn vị", "Chưa nhập “Tên đơn vị”")]),
    "duplicate code": (roster([("STP", "Sở Tư pháp", None, 1), ("stp", "Sở Tư pháp (2)", None, 1)]),
                       [(A, 3, "Mã đơn vị", "Mã “stp” trùng với mã ở dòng 2")]),
    "unknown parent": (roster([("STP", "Sở Tư pháp", "TINH-X", 1)]),
                       [(A, 2, "Mã đơn vị cấp trên", "“TINH-X” không có trong trang tính “Cơ quan, đơn vị”")]),
    "cycle": (roster([("T", "Tỉnh", None, 1), ("A", "Một", "C", 1), ("B", "Hai", "A", 1), ("C", "Ba", "B", 1),
                      ("D", "Bốn", "C", 1)]),
              [(A, 3, "Mã đơn vị cấp trên", "A → C → B → A")]),
    "own parent": (roster([("A", "Một", "a", 1)]), [(A, 2, "Mã đơn vị cấp trên", "A → A")]),
    "negative headcount": (roster([("A", "Một", None, -3)]), [(A, 2, "Số CBCCVC", "“-3” phải là số nguyên không âm")]),
    "fractional headcount": (roster([("A", "Một", None, 2.5)]), [(A, 2, "Số CBCCVC", "“2.5”")]),
    "headcount in words": (roster([("A", "Một", None, "khoảng 50")]), [(A, 2, "Số CBCCVC", "“khoảng 50”")]),
    "official with unknown agency": (roster([("A", "Một", None, 1)], [("CB1", "Lê An", "B", None)]),
                                     [(O, 2, "Mã đơn vị", "Mã đơn vị “B” không có trong trang tính “Cơ quan, đơn vị”")]),
    "duplicate official": (roster([("A", "Một", None, 1)], [("CB1", "Lê An", "A", None), ("CB1", "Lê Bình", "A", None)]),
                           [(O, 3, "Mã cán bộ", "trùng với mã ở dòng 2")]),
    "official without name or agency": (roster([("A", "Một", None, 1)], [("CB1", None, None, "Chuyên viên")]),
                                        [(O, 2, "Họ và tên", "Chưa nhập"), (O, 2, "Mã đơn vị", "Chưa nhập")]),
    "formula and merge": (workbook({A: [ROSTER_HEADERS, ["A", "Một", None, "=SUM(1,2)"], ["B", "Hai", "A", 1],
                                        ["C", "Ba", "A", 1]]}, {A: ["B3:B4"]}),
                          [(A, 2, "Số CBCCVC", "công thức"), (A, 3, "Tên đơn vị", "B3:B4"),
                           (A, 4, "Tên đơn vị", "Chưa nhập")]),
}


@pytest.mark.parametrize("data, expected", BAD.values(), ids=BAD.keys())
def test_bad_rosters_are_located_and_explained(data, expected):
    problems = problems_of(data)
    assert [(p.sheet, p.row, p.column) for p in problems] == [e[:3] for e in expected]
    for problem, (*_, fragment) in zip(problems, expected):
        assert fragment in problem.message


def test_every_problem_of_both_sheets_is_reported_together():
    agencies = [("T", "Tỉnh", None, "x"), ("T", "Trùng", None, 1), ("S", None, "Q", 1)]
    officials = [("CB1", "Lê An", "Z", None), (None, "Không mã", "T", None)]
    problems = problems_of(roster(agencies, officials))
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        (A, 2, "Số CBCCVC"), (A, 3, "Mã đơn vị"), (A, 4, "Tên đơn vị"), (A, 4, "Mã đơn vị cấp trên"),
        (O, 2, "Mã đơn vị"), (O, 3, "Mã cán bộ"),
    ]


def test_roster_messages_in_english():
    [problem] = problems_of(roster([("A", "Một", "B", 1), ("B", "Hai", "A", 1)]), lang="en")
    assert problem.message == ("These agencies are each other's parents in a circle: A → B → A. "
                               "Fix the parent codes so that the tree has a root.")
