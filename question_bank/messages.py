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
        "Câu hỏi trùng với câu hỏi ở dòng {first}: cùng nội dung và cùng các phương án.",
        "This question repeats the question on row {first}: the same text and the same options.",
    ),
    "duplicate_in_bank": (
        "Câu hỏi (cùng nội dung và cùng các phương án) đã có trong ngân hàng câu hỏi.",
        "This question (the same text and the same options) is already in the question bank.",
    ),
    "document_duplicate": (
        "Số, ký hiệu “{symbol}” trùng với văn bản ở dòng {first}.",
        "Symbol “{symbol}” repeats the document on row {first}.",
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
    "name_invalid": (
        "“{header}” cần ít nhất hai chữ cái (ký tự điều khiển, ký tự ẩn và dấu =, +, -, @ ở đầu "
        "bị bỏ đi).",
        "“{header}” needs at least two letters (control characters, invisible characters and a "
        "leading =, +, - or @ are removed).",
    ),
    "pin_invalid": (
        "Mã PIN “{value}” cần từ {low} đến {high} chữ số.",
        "PIN “{value}” must have {low} to {high} digits.",
    ),
    "any": ("bất kỳ", "any"),
    # warnings (question_bank/lint.py): they never block an import
    "lint_near_duplicate": (
        "Câu hỏi gần trùng với câu hỏi ở dòng {first} (giống {percent}% về từ ngữ, cùng các số "
        "và có phương án chung). Hãy gộp hoặc viết lại một trong hai câu.",
        "This question is nearly the same as the one on row {first} ({percent}% of the words alike, "
        "the same numbers, an option in common). Merge them or rewrite one.",
    ),
    "lint_near_duplicate_bank": (
        "Câu hỏi gần trùng với câu hỏi đã có trong ngân hàng (giống {percent}%): “{text}”.",
        "This question is nearly the same as one already in the bank ({percent}% alike): “{text}”.",
    ),
    "lint_expired": (
        "“Hiệu lực đến” là {date}, đã qua: câu hỏi vẫn được nhập nhưng không được rút vào đề thi.",
        "“Hiệu lực đến” (valid to) is {date}, already past: the question is imported but never "
        "drawn.",
    ),
    "lint_not_yet_valid": (
        "“Hiệu lực từ” là {date}, chưa tới: câu hỏi chỉ được rút vào đề thi từ ngày đó.",
        "“Hiệu lực từ” (valid from) is {date}, still to come: the question is drawn only from "
        "that day.",
    ),
    "lint_no_legal_basis": (
        "Chưa ghi “Căn cứ pháp lý”: khi văn bản thay đổi sẽ khó biết câu hỏi còn đúng hay không.",
        "“Căn cứ pháp lý” (legal basis) is empty: when the law changes, nobody can tell whether "
        "the question still holds.",
    ),
    "lint_longest_key": (
        "Đáp án đúng ({letter}, {length} ký tự) dài hơn hẳn các phương án khác (dài nhất "
        "{other} ký tự): thí sinh có thể đoán đáp án theo độ dài.",
        "The correct option ({letter}, {length} characters) is much longer than the others "
        "(at most {other}): the length gives the answer away.",
    ),
    "lint_longest_key_share": (
        "Trong {total} câu một đáp án có độ dài phương án chênh lệch, đáp án đúng là phương án dài "
        "nhất ở {count} câu ({percent}%; nếu ngẫu nhiên khoảng {chance}%, nên không quá {limit}%). "
        "Hãy cân đối độ dài các phương án.",
        "Of {total} single-choice questions whose options differ in length, the correct option is "
        "the longest in {count} ({percent}%; chance is about {chance}%, aim for at most {limit}%). "
        "Balance the options' lengths.",
    ),
    "lint_same_correct_count": (
        "{count} trong {total} câu nhiều đáp án ({percent}%) đều có {right} đáp án đúng: thí sinh "
        "có thể đoán theo số lượng (nên không quá {limit}%).",
        "{count} of {total} multiple-answer questions ({percent}%) have exactly {right} correct "
        "options: the count gives answers away (aim for at most {limit}%).",
    ),
    "lint_about_other_options": (
        "Phương án {letter} “{text}” nói về các phương án khác; khi thi, các phương án được xáo "
        "trộn nên cách ghi này dễ sai nghĩa và lộ đáp án. Hãy ghi nội dung cụ thể hoặc dùng câu "
        "hỏi nhiều đáp án.",
        "Option {letter} “{text}” speaks about the other options; options are shuffled on every "
        "paper, so it loses its meaning and hints at the answer. Write the content itself or use "
        "a multiple-answer question.",
    ),
    "lint_cites_replaced": (
        "Căn cứ pháp lý dẫn {symbol}, văn bản mà trang “Văn bản” ghi hết hiệu lực từ {date}{by}; "
        "câu hỏi vẫn được rút vào đề. Hãy sửa theo văn bản mới, ghi “Hiệu lực đến”, hoặc đặt câu "
        "hỏi về lịch sử (“Trước ngày …, …”).",
        "The legal basis cites {symbol}, which sheet “Văn bản” says is no longer in force from "
        "{date}{by}; the question is still drawn. Update it to the new act, fill in “Hiệu lực "
        "đến” (valid to), or frame it as history (a text starting “Trước ngày …”).",
    ),
    "lint_cites_replaced_soon": (
        "Căn cứ pháp lý dẫn {symbol}, văn bản mà trang “Văn bản” ghi hết hiệu lực từ {date}{by}; "
        "hãy ghi “Hiệu lực đến” trước ngày đó.",
        "The legal basis cites {symbol}, which sheet “Văn bản” says ends on {date}{by}; fill in "
        "“Hiệu lực đến” (valid to) before that day.",
    ),
    "lint_cites_replaced_undated": (
        "Căn cứ pháp lý dẫn {symbol}, văn bản mà trang “Văn bản” ghi đã bị thay thế{by}; "
        "câu hỏi chưa có “Hiệu lực đến”.",
        "The legal basis cites {symbol}, which sheet “Văn bản” says has been replaced{by}; "
        "the question has no “Hiệu lực đến” (valid to).",
    ),
    "lint_replaced_by": (" (thay thế bởi {by})", " (replaced by {by})"),
}


def language(lang: str | None) -> str:
    """The catalogue language for a requested one ("en-GB" -> "en"); Vietnamese otherwise."""
    base = (lang or "vi").split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else "vi"


def message(key: str, lang: str = "vi", **values: object) -> str:
    vi, en = CATALOGUE[key]
    template = en if language(lang) == "en" else vi
    return template.format(**values)
