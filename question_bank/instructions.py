"""The Vietnamese text of the instructions sheets and the worked example."""
from __future__ import annotations

from datetime import date

from .layout import (
    DOCUMENT_SHEET,
    MAX_DOCUMENT_ROWS,
    MAX_EXPLANATION_CHARS,
    MAX_FILE_BYTES,
    MAX_LEGAL_BASIS_CHARS,
    MAX_OPTION_CHARS,
    MAX_QUESTION_CHARS,
    MAX_QUESTION_ROWS,
    MAX_ROSTER_ROWS,
    MAX_SOURCE_CHARS,
    MAX_SYMBOL_CHARS,
    MAX_TITLE_CHARS,
    QUESTION_SHEET,
)
from .model import MAX_OPTIONS, MIN_OPTIONS, DocumentRow, QuestionRow


def number(value: int) -> str:
    """10000 -> "10.000", the Vietnamese grouping."""
    return f"{value:,}".replace(",", ".")


MEGABYTES = MAX_FILE_BYTES // (1024 * 1024)

QUESTION_GUIDE_TITLE = "HƯỚNG DẪN NHẬP NGÂN HÀNG CÂU HỎI"

QUESTION_RULES = (
    f"Mỗi dòng của trang tính “{QUESTION_SHEET}” là một câu hỏi. Giữ nguyên tên trang tính và "
    "dòng tiêu đề; có thể thêm cột khác, hệ thống bỏ qua các cột không có trong danh sách dưới đây.",
    "Tệp được kiểm tra toàn bộ trước khi nhập: chỉ cần một dòng có lỗi thì không câu hỏi nào được "
    "nhập. Danh sách lỗi ghi rõ trang tính, dòng, cột và lý do để sửa.",
    "Không dùng công thức (trừ cột STT) và không gộp ô. Các dòng để trống hoàn toàn được bỏ qua.",
    "Không nhập câu hỏi trùng nhau: hai câu hỏi được coi là trùng khi cả nội dung câu hỏi và các "
    "phương án đều giống nhau (các phương án theo thứ tự nào cũng vậy), không kể chữ hoa, chữ "
    "thường, khoảng trắng thừa và dấu câu ở cuối. Một câu hỏi chung như “Phát biểu nào sau đây "
    "đúng?” được dùng nhiều lần, miễn là các phương án khác nhau.",
    "Ngoài lỗi, hệ thống còn đưa ra cảnh báo (không chặn việc nhập): câu hỏi gần trùng nhau, câu "
    "hỏi đã hết hoặc chưa đến “Hiệu lực”, thiếu “Căn cứ pháp lý”, đáp án đúng luôn là phương án "
    "dài nhất, phương án kiểu “Tất cả các phương án trên” (các phương án được xáo trộn khi thi), "
    f"và căn cứ pháp lý dẫn văn bản mà trang “{DOCUMENT_SHEET}” ghi đã hết hiệu lực.",
    "Lưu tệp ở định dạng “Sổ làm việc Excel (*.xlsx)”.",
)

QUESTION_COLUMN_NOTES: dict[str, tuple[str, str]] = {
    "number": ("Không", "Số thứ tự, chỉ để tiện theo dõi; không được nhập vào ngân hàng."),
    "text": ("Có", f"Nội dung câu hỏi, tối đa {number(MAX_QUESTION_CHARS)} ký tự."),
    "kind": ("Không", "“Một đáp án”, “Nhiều đáp án” hoặc “Đúng/Sai”. Để trống thì hệ thống tự xác "
             "định: một chữ cái ở cột “Đáp án đúng” là “Một đáp án”, từ hai chữ cái trở lên là "
             "“Nhiều đáp án”."),
    "options": ("A, B: có", f"Nội dung các phương án, mỗi phương án tối đa {MAX_OPTION_CHARS} ký tự. "
                f"Cần từ {MIN_OPTIONS} đến {MAX_OPTIONS} phương án, ghi liền nhau từ A, không bỏ trống "
                "ở giữa. Câu Đúng/Sai có đúng 2 phương án; nếu để trống A và B, hệ thống tự điền "
                "“Đúng” và “Sai”."),
    "correct": ("Có", "Chữ cái của phương án đúng, ví dụ “B”; nhiều đáp án thì ngăn cách bằng dấu "
                "phẩy, ví dụ “A, C”. Chữ cái phải trỏ tới phương án có nội dung. Câu “Một đáp án” "
                "và câu “Đúng/Sai” chỉ có một đáp án đúng; với câu Đúng/Sai có thể ghi “Đúng” hoặc "
                "“Sai”."),
    "topic": ("Có", "Một trong các chủ đề ở mục “Chủ đề” bên dưới (chọn trong danh sách thả xuống)."),
    "difficulty": ("Có", "“Dễ”, “Trung bình” hoặc “Khó”; cũng có thể ghi 1, 2, 3."),
    "legal_basis": ("Không", f"Văn bản, điều khoản làm căn cứ, tối đa {MAX_LEGAL_BASIS_CHARS} ký tự, "
                    "ví dụ “Điều 5, Nghị định 61/2018/NĐ-CP”. Ghi đủ số, ký hiệu văn bản để đối "
                    f"chiếu với trang “{DOCUMENT_SHEET}”."),
    "explanation": ("Không", f"Giải thích đáp án, tối đa {number(MAX_EXPLANATION_CHARS)} ký tự."),
    "valid_from": ("Không", "Ngày câu hỏi bắt đầu được dùng, dạng dd/mm/yyyy (ví dụ 01/07/2025) "
                   "hoặc ô kiểu ngày của Excel."),
    "valid_to": ("Không", "Ngày cuối cùng câu hỏi được dùng, cùng cách ghi như trên; không được trước "
                 "“Hiệu lực từ”. Ghi ngày này khi văn bản làm căn cứ bị thay thế, để câu hỏi tự thôi "
                 "được dùng."),
}

QUESTION_LIMITS = (
    ("Dung lượng tệp", f"Tối đa {MEGABYTES} MB."),
    ("Số câu hỏi", f"Tối đa {number(MAX_QUESTION_ROWS)} câu hỏi trong một tệp; nhiều hơn thì chia "
                   "thành nhiều tệp."),
    ("Nội dung câu hỏi", f"Tối đa {number(MAX_QUESTION_CHARS)} ký tự."),
    ("Mỗi phương án", f"Tối đa {MAX_OPTION_CHARS} ký tự."),
    ("Số phương án", f"Từ {MIN_OPTIONS} đến {MAX_OPTIONS} (A đến F)."),
    ("Căn cứ pháp lý", f"Tối đa {MAX_LEGAL_BASIS_CHARS} ký tự."),
    ("Giải thích", f"Tối đa {number(MAX_EXPLANATION_CHARS)} ký tự."),
)

EXAMPLE_TITLES = ("Ví dụ 1: một đáp án", "Ví dụ 2: nhiều đáp án", "Ví dụ 3: Đúng/Sai")

EXAMPLES = (
    QuestionRow(
        text="Theo Nghị quyết 76/NQ-CP, Chương trình tổng thể cải cách hành chính nhà nước "
             "giai đoạn 2021–2030 gồm bao nhiêu nội dung cải cách?",
        kind="single",
        options=["4 nội dung", "5 nội dung", "6 nội dung", "7 nội dung"],
        correct=[2],
        topic="Công tác chỉ đạo, điều hành cải cách hành chính",
        difficulty=1,
        legal_basis="Nghị quyết 76/NQ-CP ngày 15/7/2021 của Chính phủ",
        explanation="Sáu nội dung: cải cách thể chế; cải cách thủ tục hành chính; cải cách tổ chức "
                    "bộ máy hành chính nhà nước; cải cách chế độ công vụ; cải cách tài chính công; "
                    "xây dựng và phát triển Chính phủ điện tử, Chính phủ số.",
    ),
    QuestionRow(
        text="Theo Nghị định 61/2018/NĐ-CP, những hành vi nào sau đây bị nghiêm cấm đối với người "
             "làm việc tại Bộ phận Một cửa?",
        kind="multiple",
        options=[
            "Tự ý yêu cầu bổ sung hồ sơ, giấy tờ ngoài quy định",
            "Hướng dẫn tổ chức, cá nhân hoàn thiện hồ sơ theo quy định",
            "Đùn đẩy trách nhiệm trong giải quyết thủ tục hành chính",
        ],
        correct=[0, 2],
        topic="Cải cách thủ tục hành chính",
        difficulty=2,
        legal_basis="Nghị định 61/2018/NĐ-CP",
        valid_from=date(2018, 6, 21),
    ),
    QuestionRow(
        text="Theo Nghị định 61/2018/NĐ-CP, việc hẹn lại ngày trả kết quả giải quyết thủ tục hành "
             "chính được thực hiện không quá một lần.",
        kind="true_false",
        options=["Đúng", "Sai"],
        correct=[0],
        topic="Cải cách thủ tục hành chính",
        difficulty=2,
        legal_basis="Nghị định 61/2018/NĐ-CP",
    ),
)

DOCUMENT_RULES = (
    f"Trang tính “{DOCUMENT_SHEET}” không bắt buộc. Mỗi dòng là một văn bản mà các câu hỏi dẫn "
    "làm căn cứ pháp lý; danh mục được lưu cùng ngân hàng câu hỏi và có trong tệp xuất.",
    "Một câu hỏi dẫn một văn bản khi “Số, ký hiệu” của văn bản có trong cột “Căn cứ pháp lý” của "
    "câu hỏi (không kể chữ hoa, chữ thường và dấu), ví dụ “Điều 5, Nghị định 61/2018/NĐ-CP” dẫn "
    "văn bản “61/2018/NĐ-CP”.",
    "Khi văn bản có “Hết hiệu lực từ” hoặc “Thay thế bởi”, hệ thống cảnh báo các câu hỏi dẫn văn "
    "bản đó mà vẫn được rút vào đề: hãy sửa câu hỏi theo văn bản mới, ghi “Hiệu lực đến” cho câu "
    "hỏi, hoặc đặt câu hỏi về lịch sử (bắt đầu bằng “Trước ngày …”).",
    f"Trang tính được kiểm tra như trang “{QUESTION_SHEET}”: dòng có lỗi thì không dữ liệu nào được "
    f"nhập. Tối đa {number(MAX_DOCUMENT_ROWS)} văn bản; khi nhập vào một ngân hàng đã có, văn bản "
    "trùng “Số, ký hiệu” được thay bằng dòng mới.",
)

DOCUMENT_COLUMN_NOTES: dict[str, tuple[str, str]] = {
    "number": ("Không", "Số thứ tự, chỉ để tiện theo dõi."),
    "symbol": ("Có", f"Số, ký hiệu của văn bản, tối đa {MAX_SYMBOL_CHARS} ký tự, ví dụ "
               "“61/2018/NĐ-CP”, “80/2025/QH15”; không trùng nhau trong trang tính."),
    "title": ("Có", f"Tên (trích yếu) của văn bản, tối đa {MAX_TITLE_CHARS} ký tự."),
    "issued": ("Không", "Ngày ban hành (hoặc ngày thông qua), dạng dd/mm/yyyy."),
    "effective_from": ("Không", "Ngày văn bản có hiệu lực, dạng dd/mm/yyyy."),
    "replaced_on": ("Không", "Ngày đầu tiên văn bản không còn hiệu lực (ví dụ ngày văn bản thay thế "
                    "có hiệu lực), dạng dd/mm/yyyy; không được trước “Hiệu lực từ”."),
    "replaced_by": ("Không", "Số, ký hiệu của văn bản thay thế, ví dụ “64/2025/QH15”."),
    "source": ("Không", f"Nơi tra cứu văn bản (địa chỉ trang web), tối đa {number(MAX_SOURCE_CHARS)} "
               "ký tự."),
}

DOCUMENT_EXAMPLES = (
    DocumentRow(symbol="64/2025/QH15", title="Luật Ban hành văn bản quy phạm pháp luật",
                issued=date(2025, 2, 19), effective_from=date(2025, 4, 1)),
    DocumentRow(symbol="80/2015/QH13", title="Luật Ban hành văn bản quy phạm pháp luật (năm 2015)",
                replaced_on=date(2025, 4, 1), replaced_by="64/2025/QH15"),
    DocumentRow(symbol="61/2018/NĐ-CP", title="Nghị định về thực hiện cơ chế một cửa, một cửa liên "
                "thông trong giải quyết thủ tục hành chính", issued=date(2018, 4, 23),
                effective_from=date(2018, 6, 21)),
)

ROSTER_GUIDE_TITLE = "HƯỚNG DẪN NHẬP DANH SÁCH CƠ QUAN, ĐƠN VỊ VÀ CÁN BỘ"

ROSTER_RULES = (
    "Trang tính “Cơ quan, đơn vị”: mỗi dòng là một cơ quan, đơn vị. Các đơn vị tạo thành cây: "
    "tỉnh, thành phố → sở, ban, ngành, xã, phường, đặc khu → phòng, đơn vị trực thuộc; có bao nhiêu "
    "cấp cũng được.",
    "Trang tính “Cán bộ” (không bắt buộc): mỗi dòng là một cán bộ, công chức, viên chức, dùng khi "
    "thí sinh đăng nhập bằng mã cán bộ.",
    "Tệp được kiểm tra toàn bộ trước khi nhập: chỉ cần một dòng có lỗi thì không dòng nào được "
    "nhập. Danh sách lỗi ghi rõ trang tính, dòng, cột và lý do để sửa.",
    "Mã không phân biệt chữ hoa, chữ thường và không được trùng nhau trong cùng một trang tính.",
    "Không dùng công thức và không gộp ô. Các dòng để trống hoàn toàn được bỏ qua.",
    f"Dung lượng tệp tối đa {MEGABYTES} MB; mỗi trang tính tối đa {number(MAX_ROSTER_ROWS)} dòng.",
)

ROSTER_COLUMN_NOTES: tuple[tuple[str, str, str], ...] = (
    ("Mã đơn vị", "Có", "Mã duy nhất của cơ quan, đơn vị, ví dụ “SNV”."),
    ("Tên đơn vị", "Có", "Tên đầy đủ, ví dụ “Sở Nội vụ”."),
    ("Mã đơn vị cấp trên", "Không", "Mã của đơn vị cấp trên, phải có trong cùng trang tính (ở dòng "
     "trên hay dưới đều được). Để trống với đơn vị cấp cao nhất. Không được tạo vòng lặp."),
    ("Số CBCCVC", "Không", "Tổng số cán bộ, công chức, viên chức (số nguyên không âm), dùng để tính "
     "tỷ lệ tham gia."),
    ("Mã cán bộ", "Có", "Trang tính “Cán bộ”: mã duy nhất của mỗi người, dùng để đăng nhập."),
    ("Họ và tên", "Có", "Trang tính “Cán bộ”: họ và tên đầy đủ."),
    ("Mã đơn vị", "Có", "Trang tính “Cán bộ”: mã đơn vị nơi công tác, phải có trong trang tính "
     "“Cơ quan, đơn vị”."),
    ("Chức vụ", "Không", "Trang tính “Cán bộ”: chức vụ, nếu có."),
    ("Mã PIN", "Không", "Trang tính “Cán bộ”: mã bí mật từ 4 đến 12 chữ số, cán bộ nhập cùng mã cán "
     "bộ khi vào thi. Để trống thì hệ thống tự tạo; ban tổ chức in phiếu PIN phát cho từng người. "
     "Nhập lại danh sách mà để trống cột này thì mã PIN đã có được giữ nguyên."),
)

ROSTER_EXAMPLE_AGENCIES = (
    ("TINH", "Ủy ban nhân dân tỉnh", "", 12500),
    ("SNV", "Sở Nội vụ", "TINH", 85),
    ("SNV-CCHC", "Phòng Cải cách hành chính", "SNV", 9),
    ("XA-01", "Ủy ban nhân dân xã Phú Mỹ", "TINH", 40),
)
ROSTER_EXAMPLE_OFFICIALS = (
    ("CB0001", "Nguyễn Thị Lan", "SNV-CCHC", "Chuyên viên", "482915"),
    ("CB0002", "Trần Văn Minh", "XA-01", "Công chức Văn phòng - Thống kê", ""),
)
