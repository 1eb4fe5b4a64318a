"""The domain error services raise, and the error object of PROTOCOL.md."""
from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "unauthorized": ("Thiếu hoặc sai thông tin xác thực.", "Missing or wrong credential."),
    "forbidden": ("Bạn không có quyền thực hiện thao tác này.", "You may not do this."),
    "not_found": ("Không tìm thấy.", "Not found."),
    "bad_payload": ("Dữ liệu gửi lên không hợp lệ.", "Malformed or invalid data."),
    "invalid_workbook": ("Tệp Excel không hợp lệ.", "The workbook is not valid."),
    "not_open": ("Vòng thi hoặc câu hỏi chưa mở nhận câu trả lời.",
                 "The round or question is not accepting answers."),
    "late": ("Hết giờ: câu trả lời đến sau thời hạn.", "Time is up: the answer arrived late."),
    "already_answered": ("Bạn đã trả lời câu hỏi này.", "You already answered this question."),
    "invalid_option": ("Phương án không thuộc câu hỏi này.",
                       "That option does not belong to this question."),
    "attempts_exhausted": ("Bạn đã dùng hết số lượt thi.", "No attempt left."),
    "rate_limited": ("Quá nhiều yêu cầu, vui lòng thử lại sau.", "Too many requests, try later."),
    "payload_too_large": ("Tệp quá lớn.", "The file is too large."),
    "conflict": ("Thao tác không hợp lệ ở trạng thái hiện tại.",
                 "Not possible in the current state."),
}

HTTP_STATUS = {
    "unauthorized": 401, "forbidden": 403, "not_found": 404, "bad_payload": 400,
    "invalid_workbook": 422, "not_open": 409, "late": 409, "already_answered": 409,
    "invalid_option": 400, "attempts_exhausted": 409, "rate_limited": 429,
    "payload_too_large": 413, "conflict": 409,
}


class DomainError(Exception):
    """A refusal with a stable code; `detail` says more when the code alone is vague."""

    def __init__(self, code: str, detail: str | None = None, **extra):
        super().__init__(detail or code)
        self.code = code
        self.detail = detail
        self.extra = extra


def message_for(code: str, lang: str = "vi") -> str:
    vi, en = MESSAGES.get(code, (code, code))
    return en if lang == "en" else vi


def error_object(code: str, lang: str = "vi", detail: str | None = None, **extra) -> dict:
    message = message_for(code, lang)
    if detail:
        message = f"{message} {detail}"
    return {"ok": False, "error": code, "message": message, **extra}


def error_from(exc: DomainError, lang: str = "vi") -> dict:
    return error_object(exc.code, lang, exc.detail, **exc.extra)
