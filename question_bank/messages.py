"""Every message a workbook problem can carry, in Vietnamese and English."""
from __future__ import annotations

LANGUAGES = ("vi", "en")

# key -> (Vietnamese, English); placeholders are str.format fields.
CATALOGUE: dict[str, tuple[str, str]] = {
    "not_xlsx": (
        "Tệp không phải bảng tính Excel (.xlsx). Hãy mở tệp bằng Excel và lưu lại với "
        "định dạng “Sổ làm việc Excel (*.xlsx)”.",
        "The file is not an Excel workbook (.xlsx). Open it in Excel and save it as "
        "“Excel Workbook (*.xlsx)”.",
    ),
    "old_xls": (
        "Tệp có định dạng Excel cũ (.xls) hoặc đã được đặt mật khẩu. Hãy bỏ mật khẩu và lưu lại "
        "với định dạng “Sổ làm việc Excel (*.xlsx)”.",
        "The file is in the old Excel format (.xls) or is password-protected. Remove the password "
        "and save it as “Excel Workbook (*.xlsx)”.",
    ),
    "file_too_large": (
        "Tệp quá lớn ({size} MB); dung lượng tối đa là {limit} MB.",
        "The file is too large ({size} MB); the limit is {limit} MB.",
    ),
    "unpacked_too_large": (
        "Nội dung tệp sau khi giải nén quá lớn ({size} MB); tối đa là {limit} MB.",
        "The file's content is too large once unpacked ({size} MB); the limit is {limit} MB.",
    ),
    "part_too_large": (
        "Phần “{part}” của tệp quá lớn sau khi giải nén ({size} MB); mỗi phần tối đa {limit} MB. "
        "Hãy mở tệp bằng Excel, xoá các dòng, cột không dùng rồi lưu lại.",
        "Part “{part}” of the file is too large once unpacked ({size} MB); the limit is {limit} MB "
        "per part. Open the file in Excel, delete the rows and columns you do not use and save it.",
    ),
    "sheet_too_large": (
        "Trang tính “{sheet_name}” quá lớn sau khi giải nén ({size} MB); tối đa {limit} MB. "
        "Trang tính có thể chứa rất nhiều dòng hoặc ô trống: hãy xoá các dòng, cột không dùng "
        "rồi lưu lại.",
        "Sheet “{sheet_name}” is too large once unpacked ({size} MB); the limit is {limit} MB. "
        "It may hold a great many empty rows or cells: delete the rows and columns you do not "
        "use and save it again.",
    ),
    "sheet_rows_total": (
        "Trang tính “{sheet_name}” có hơn {limit} dòng, kể cả dòng trống; tối đa {limit} dòng. "
        "Hãy xoá các dòng trống thừa (thường ở cuối trang tính) rồi lưu lại.",
        "Sheet “{sheet_name}” has more than {limit} rows, empty ones included; the limit is "
        "{limit}. Delete the empty rows you do not use (usually at the end of the sheet) and "
        "save it again.",
    ),
    "sheet_cells_total": (
        "Trang tính “{sheet_name}” có hơn {limit} ô, kể cả ô trống; tối đa {limit} ô. "
        "Hãy xoá các cột và dòng không dùng rồi lưu lại.",
        "Sheet “{sheet_name}” has more than {limit} cells, empty ones included; the limit is "
        "{limit}. Delete the columns and rows you do not use and save it again.",
    ),
    "read_timeout": (
        "Đọc tệp mất hơn {seconds} giây nên đã dừng lại. Hãy chia tệp thành nhiều tệp nhỏ hơn, "
        "hoặc xoá các dòng, cột không dùng rồi lưu lại.",
        "Reading the file took more than {seconds} seconds, so it was stopped. Split it into "
        "smaller files, or delete the rows and columns you do not use and save it again.",
    ),
    "read_memory": (
        "Đọc tệp cần hơn {limit} MB bộ nhớ nên đã dừng lại. Hãy chia tệp thành nhiều tệp nhỏ hơn, "
        "hoặc xoá các dòng, cột không dùng rồi lưu lại.",
        "Reading the file needed more than {limit} MB of memory, so it was stopped. Split it into "
        "smaller files, or delete the rows and columns you do not use and save it again.",
    ),
    "too_many_rows": (
        "Trang tính có hơn {limit} dòng dữ liệu; mỗi tệp tối đa {limit} dòng. "
        "Hãy chia thành nhiều tệp.",
        "The sheet has more than {limit} data rows; a file may hold at most {limit}. "
        "Split it into several files.",
    ),
    "sheet_missing": (
        "Không tìm thấy trang tính “{sheet_name}”. Các trang tính trong tệp: {found}.",
        "Sheet “{sheet_name}” was not found. Sheets in the file: {found}.",
    ),
    "sheet_unreadable": (
        "Không đọc được trang tính “{sheet_name}”: tệp có thể bị hỏng. Hãy mở tệp bằng Excel và lưu lại.",
        "Sheet “{sheet_name}” cannot be read: the file may be damaged. Open it in Excel and save it again.",
    ),
    "sheet_blank": (
        "Trang tính “{sheet_name}” trống: không có dòng tiêu đề.",
        "Sheet “{sheet_name}” is empty: it has no header row.",
    ),
    "sheet_no_rows": (
        "Trang tính “{sheet_name}” không có dòng dữ liệu nào dưới dòng tiêu đề.",
        "Sheet “{sheet_name}” has no data rows under its header row.",
    ),
    "header_missing": (
        "Thiếu cột bắt buộc “{header}”.",
        "Required column “{header}” is missing.",
    ),
    "header_duplicate": (
        "Cột “{header}” xuất hiện nhiều lần (các cột {letters}); chỉ giữ một cột.",
        "Column “{header}” appears more than once (columns {letters}); keep only one.",
    ),
    "formula": (
        "Ô {cell} chứa công thức “{formula}”; hãy thay bằng giá trị "
        "(Sao chép, rồi Dán đặc biệt → Giá trị).",
        "Cell {cell} holds the formula “{formula}”; replace it with its value "
        "(Copy, then Paste Special → Values).",
    ),
    "merged": (
        "Các ô {cells} đang được gộp; hãy bỏ gộp ô và ghi giá trị vào từng ô.",
        "Cells {cells} are merged; unmerge them and write the value in each cell.",
    ),
    "required_empty": (
        "Chưa nhập “{header}”.",
        "“{header}” is empty.",
    ),
    "too_long": (
        "“{header}” dài {length} ký tự, vượt giới hạn {limit} ký tự.",
        "“{header}” is {length} characters long, over the limit of {limit}.",
    ),
    "options_too_few": (
        "Câu hỏi cần ít nhất {minimum} phương án; mới có {count}.",
        "A question needs at least {minimum} options; it has {count}.",
    ),
    "option_gap": (
        "Phương án {letter} để trống trong khi phương án {later} có nội dung; "
        "các phương án phải liền nhau, bắt đầu từ A.",
        "Option {letter} is empty while option {later} is filled; "
        "options must be contiguous, starting at A.",
    ),
    "option_column_extra": (
        "Cột “{header}” không được nhập: mỗi câu hỏi có tối đa {maximum} phương án (A đến F).",
        "Column “{header}” cannot be imported: a question has at most {maximum} options (A to F).",
    ),
    "kind_unknown": (
        "Loại câu hỏi “{value}” không hợp lệ; chỉ dùng: {allowed}.",
        "Question type “{value}” is not valid; use one of: {allowed}.",
    ),
    "true_false_options": (
        "Câu hỏi Đúng/Sai phải có đúng 2 phương án; đang có {count}.",
        "A true/false question must have exactly 2 options; it has {count}.",
    ),
    "correct_unparsable": (
        "Đáp án đúng “{value}” không đọc được; hãy ghi chữ cái của phương án, "
        "ví dụ “B” hoặc “A, C”.",
        "Correct answer “{value}” cannot be read; write the options' letters, "
        "e.g. “B” or “A, C”.",
    ),
    "correct_empty_option": (
        "Đáp án đúng “{letter}” trỏ tới phương án trống.",
        "Correct answer “{letter}” points at an empty option.",
    ),
    "correct_several": (
        "Câu hỏi loại “{kind}” chỉ có một đáp án đúng; đang ghi “{value}”.",
        "A “{kind}” question has exactly one correct answer; it says “{value}”.",
    ),
    "topic_unknown": (
        "Chủ đề “{value}” không có trong danh mục; chọn một trong: {allowed}.",
        "Topic “{value}” is not in the list; choose one of: {allowed}.",
    ),
    "difficulty_unknown": (
        "Mức độ “{value}” không hợp lệ; dùng {allowed} (hoặc 1, 2, 3).",
        "Difficulty “{value}” is not valid; use {allowed} (or 1, 2, 3).",
    ),
    "date_invalid": (
        "Ngày “{value}” không hợp lệ; hãy ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025.",
        "Date “{value}” is not valid; write it as dd/mm/yyyy, e.g. 01/07/2025.",
    ),
    "date_order": (
        "Ngày hết hiệu lực ({end}) trước ngày có hiệu lực ({start}).",
        "The end date ({end}) is before the start date ({start}).",
    ),
    "duplicate_in_file": (
        "Câu hỏi trùng với câu hỏi ở dòng {first}.",
        "This question repeats the question on row {first}.",
    ),
    "duplicate_in_bank": (
        "Câu hỏi đã có trong ngân hàng câu hỏi.",
        "This question is already in the question bank.",
    ),
    "code_duplicate": (
        "Mã “{code}” trùng với mã ở dòng {first}.",
        "Code “{code}” repeats the code on row {first}.",
    ),
    "parent_unknown": (
        "Mã đơn vị cấp trên “{code}” không có trong trang tính “{sheet_name}”.",
        "Parent code “{code}” is not in sheet “{sheet_name}”.",
    ),
    "parent_cycle": (
        "Các đơn vị là cấp trên của nhau theo vòng tròn: {chain}. "
        "Hãy sửa “Mã đơn vị cấp trên” để cây đơn vị có gốc.",
        "These agencies are each other's parents in a circle: {chain}. "
        "Fix the parent codes so that the tree has a root.",
    ),
    "headcount_invalid": (
        "Số CBCCVC “{value}” phải là số nguyên không âm.",
        "Headcount “{value}” must be a whole number, zero or more.",
    ),
    "agency_unknown": (
        "Mã đơn vị “{code}” không có trong trang tính “{sheet_name}”.",
        "Agency code “{code}” is not in sheet “{sheet_name}”.",
    ),
    "not_enough_quota": (
        "Ngân hàng không đủ câu hỏi cho chủ đề “{topic}”, mức độ “{difficulty}”: "
        "cần {needed}, chỉ có {available}.",
        "The bank has too few questions for topic “{topic}”, difficulty “{difficulty}”: "
        "{needed} needed, {available} available.",
    ),
    "not_enough_total": (
        "Ngân hàng không đủ câu hỏi: cần {needed}, chỉ có {available}.",
        "The bank has too few questions: {needed} needed, {available} available.",
    ),
    "any": ("bất kỳ", "any"),
}


def language(lang: str | None) -> str:
    """The catalogue language for a requested one ("en-GB" -> "en"); Vietnamese otherwise."""
    base = (lang or "vi").split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else "vi"


def message(key: str, lang: str = "vi", **values: object) -> str:
    vi, en = CATALOGUE[key]
    template = en if language(lang) == "en" else vi
    return template.format(**values)
