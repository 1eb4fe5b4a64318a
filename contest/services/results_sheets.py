"""The results workbook (openpyxl): Thí sinh, Cơ quan đơn vị, Câu hỏi, Giải thưởng.

Every sheet starts with the same three lines (title; the SHA-256 of the canonical results,
see `contest.services.results`; status and export time), its header on row
`HEADER_ROW` and its data below. No personal data: names and agencies, never an official's
code or phone. Every cell is written through `question_bank.put_cell`: a name or a title
stays text whatever it starts with (no formula from data) and loses the control characters
a workbook cannot hold.
"""
from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from contest import offload
from contest.services.clock import now_ms as clock_ms
from contest.services.results import DEFAULT_PRIZES, RoundResults, round_results
from question_bank import put_cell

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
HEADER_ROW = 5
SHEETS = ("Thí sinh", "Cơ quan, đơn vị", "Câu hỏi", "Giải thưởng")
DIFFICULTY = {1: "Dễ", 2: "Trung bình", 3: "Khó"}
WHEN = "dd/mm/yyyy hh:mm:ss"
HEAD_FILL = PatternFill("solid", fgColor="F2D7D5")
RULES = {"self_paced": "Thứ tự xếp hạng: điểm cao hơn; độ lệch dự đoán nhỏ hơn; thời gian làm bài "
                       "ít hơn; nộp bài sớm hơn; mã thí sinh nhỏ hơn.",
         "live": "Thứ tự xếp hạng: điểm cao hơn; tổng thời gian trả lời đúng ít hơn; tham gia "
                 "sớm hơn; mã thí sinh nhỏ hơn."}
FIGURES = {"score": "Điểm", "prediction_error": "Độ lệch dự đoán", "time_used_ms": "Thời gian làm bài",
           "time_ms": "Thời gian trả lời đúng", "submitted_ms": "Nộp bài lúc",
           "joined_ms": "Tham gia lúc", "participant_id": "Mã thí sinh"}


def local_time(ms: int | None) -> datetime | None:
    """Excel has no time zones: the province's local time, as its organisers read it."""
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, LOCAL_TZ).replace(tzinfo=None)


def seconds(ms: int | None) -> float | None:
    return None if ms is None else round(ms / 1000, 3)


def prize_count(asked: int | None) -> int:
    return DEFAULT_PRIZES if asked is None else min(max(asked, 1), 1000)


def results_workbook(round_id: int, top: int = DEFAULT_PRIZES, now_ms: int | None = None) -> bytes:
    """The workbook of a round, live or self-paced, as it stands now: its figures read in an
    OS thread, the workbook built by a worker process (contest/offload.py)."""
    results = offload.in_thread(round_results, round_id)
    return offload.in_process(build_workbook, results, top, clock_ms() if now_ms is None else now_ms)


def build_workbook(results: RoundResults, top: int, now_ms: int) -> bytes:
    book = Workbook()
    sheets = [book.active] + [book.create_sheet() for _ in SHEETS[1:]]
    for sheet, title in zip(sheets, SHEETS):
        sheet.title = title
        _preamble(sheet, results, title, now_ms)
    _participants(sheets[0], results)
    _agencies(sheets[1], results)
    _questions(sheets[2], results)
    _prizes(sheets[3], results, top)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _preamble(sheet: Worksheet, results: RoundResults, title: str, now_ms: int) -> None:
    put_cell(sheet, 1, 1, f"{results.contest} – {results.title}: {title}").font = Font(bold=True, size=13)
    put_cell(sheet, 2, 1, "Mã kiểm tra SHA-256 của kết quả")
    put_cell(sheet, 2, 2, results.digest).font = Font(name="Consolas")
    state = ("Kết quả chính thức (vòng thi đã kết thúc)" if results.status == "finished"
             else "Kết quả tạm thời (vòng thi chưa kết thúc)")
    put_cell(sheet, 3, 1, state)
    put_cell(sheet, 3, 2, local_time(now_ms)).number_format = WHEN
    rules = RULES[results.mode]
    if results.actual is not None:
        rules = f"{rules} Số người trả lời đúng tất cả các câu hỏi: {results.actual}."
    put_cell(sheet, 4, 1, rules)


def _table(sheet: Worksheet, headers: list[str], rows: list[list], widths: list[int],
           formats: dict[int, str] | None = None) -> None:
    for col, (header, width) in enumerate(zip(headers, widths), start=1):
        cell = put_cell(sheet, HEADER_ROW, col, header)
        cell.font, cell.fill = Font(bold=True), HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for col, value in enumerate(values, start=1):
            cell = put_cell(sheet, r, col, value)
            if formats and col in formats:
                cell.number_format = formats[col]
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)


def _time_headers(mode: str) -> tuple[str, str]:
    if mode == "self_paced":
        return "Thời gian làm bài (giây)", "Nộp bài lúc"
    return "Thời gian trả lời đúng (giây)", "Trả lời lần cuối lúc"


def _participants(sheet: Worksheet, results: RoundResults) -> None:
    used, at = _time_headers(results.mode)
    headers = ["Hạng", "Họ và tên", "Cơ quan, đơn vị", "Điểm", "Số câu đúng", "Dự đoán", used, at]
    rows = [[s["rank"], s["name"], s["agency_path"], s["score"], s["correct"], s["prediction"],
             seconds(s["time_used_ms"]), local_time(s["submitted_ms"])] for s in results.standings]
    _table(sheet, headers, rows, [7, 28, 40, 8, 10, 9, 14, 20], {7: "0.000", 8: WHEN})


def _agencies(sheet: Worksheet, results: RoundResults) -> None:
    headers = ["Cơ quan, đơn vị", "Mã đơn vị", "Số CBCCVC", "Số người tham gia", "Tỷ lệ tham gia",
               "Điểm trung bình", "Tỷ lệ đúng tất cả các câu", "Hạng trong cấp"]
    rows = [[a["name"], a["code"], a["headcount"], a["participants"], a["participation_rate"],
             a["average_score"], a["perfect_share"], a["rank"]] for a in results.agencies]
    _table(sheet, headers, rows, [48, 14, 11, 12, 11, 11, 13, 9], {5: "0.0%", 6: "0.00", 7: "0.0%"})
    for r, agency in enumerate(results.agencies, start=HEADER_ROW + 1):
        sheet.cell(r, 1).alignment = Alignment(indent=2 * agency["depth"])


def _questions(sheet: Worksheet, results: RoundResults) -> None:
    letters = sorted({letter for q in results.questions for letter in q["distribution"]})
    headers = ["STT", "Câu hỏi", "Chủ đề", "Mức độ", "Đáp án đúng", "Số người được hỏi",
               "Số người trả lời đúng", "Tỷ lệ đúng", "Độ phân biệt (nhóm 27% cao − 27% thấp)",
               *(f"Chọn {letter}" for letter in letters), "Không trả lời"]
    rows = [[i, q["text"], q["topic"], DIFFICULTY.get(q["difficulty"], q["difficulty"]), q["key"],
             q["asked"], q["correct"], q["share"], q["discrimination"],
             *(q["distribution"].get(letter) for letter in letters), q["unanswered"]]
            for i, q in enumerate(results.questions, start=1)]
    _table(sheet, headers, rows, [5, 60, 28, 11, 9, 10, 10, 9, 14, *([8] * len(letters)), 10],
           {8: "0.0%", 9: "0.00"})
    for r in range(HEADER_ROW + 1, HEADER_ROW + 1 + len(rows)):
        sheet.cell(r, 2).alignment = Alignment(wrap_text=True, vertical="top")


def _prizes(sheet: Worksheet, results: RoundResults, top: int) -> None:
    used, at = _time_headers(results.mode)
    headers = ["Giải", "Hạng", "Họ và tên", "Cơ quan, đơn vị", "Điểm", "Dự đoán", "Độ lệch dự đoán",
               used, at, "Xếp trên người kế tiếp nhờ"]
    rows = [[p["prize"], p["rank"], p["name"], p["agency_path"], p["score"], p["prediction"],
             p.get("prediction_error"), seconds(p["time_used_ms"]), local_time(p["submitted_ms"]),
             describe(p["decided_by"])] for p in results.prizes(top)]
    _table(sheet, headers, rows, [17, 7, 28, 40, 8, 9, 10, 14, 20, 42], {8: "0.000", 9: WHEN})


def describe(decided: tuple[str, object, object] | None) -> str:
    """'Độ lệch dự đoán: 0 < 2' — the figure of the rule that separated two participants."""
    if decided is None:
        return "Người cuối cùng trong bảng xếp hạng"
    key, mine, theirs = decided
    if key == "prediction_error" and theirs is None:
        return "Độ lệch dự đoán: người kế tiếp không dự đoán"
    return f"{FIGURES[key]}: {_figure(key, mine)} {'>' if key == 'score' else '<'} {_figure(key, theirs)}"


def _figure(key: str, value) -> str:
    if value is None:
        return "—"
    if key in ("time_used_ms", "time_ms"):
        return f"{value / 1000:.3f} giây".replace(".", ",")
    if key in ("submitted_ms", "joined_ms"):
        return local_time(value).strftime("%d/%m/%Y %H:%M:%S.") + f"{value % 1000:03d}"
    return str(value)
