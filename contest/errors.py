"""The domain error services raise, and the error object of PROTOCOL.md.

A detail is written in Vietnamese and marked with `N_` so that `pybabel extract`
puts it in the English catalogue; it is translated where it is shown, in the
language the client asked for. Services stay free of Flask: the catalogue is read
with Babel itself.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Protocol

from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"

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
    "internal_error": ("Máy chủ gặp lỗi ngoài dự kiến, vui lòng thử lại.",
                       "The server met an unexpected error; please try again."),
}

HTTP_STATUS = {
    "unauthorized": 401, "forbidden": 403, "not_found": 404, "bad_payload": 400,
    "invalid_workbook": 422, "not_open": 409, "late": 409, "already_answered": 409,
    "invalid_option": 400, "attempts_exhausted": 409, "rate_limited": 429,
    "payload_too_large": 413, "conflict": 409, "internal_error": 500,
}


class Localised(Protocol):
    def message(self, lang: str = "vi") -> str: ...


class Text:
    """A Vietnamese sentence of the catalogue and its values, translated when shown.

    A value may itself be a `Text` (or anything with `message(lang)`)."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params: Any):
        self.msgid = msgid
        self.params = params

    def message(self, lang: str = "vi") -> str:
        text = translate(self.msgid, lang)
        if not self.params:
            return text
        return text % {key: _localised(value, lang) for key, value in self.params.items()}

    def __str__(self) -> str:
        return self.message("vi")

    def __repr__(self) -> str:
        return f"Text({self.msgid!r}, **{self.params!r})"


def N_(msgid: str, **params: Any) -> Text:
    """Mark a sentence for the catalogue (`pybabel extract -k N_`)."""
    return Text(msgid, **params)


def _localised(value: Any, lang: str) -> Any:
    return value.message(lang) if hasattr(value, "message") else value


@functools.lru_cache(maxsize=4)
def _catalogue(lang: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS_DIR), [lang])


def translate(msgid: str, lang: str) -> str:
    return msgid if lang != "en" else _catalogue(lang).gettext(msgid)


class DomainError(Exception):
    """A refusal with a stable code; `detail` says more when the code alone is vague."""

    def __init__(self, code: str, detail: str | Localised | None = None, **extra: Any):
        self.code = code
        self.detail = Text(detail) if isinstance(detail, str) else detail
        self.extra = extra
        super().__init__(self.message("vi"))

    def message(self, lang: str = "vi") -> str:
        """The detail when there is one (a whole sentence), else the code's message."""
        return self.detail.message(lang) if self.detail is not None else message_for(self.code, lang)


def message_for(code: str, lang: str = "vi") -> str:
    vi, en = MESSAGES.get(code, (code, code))
    return en if lang == "en" else vi


def error_object(code: str, lang: str = "vi", detail: str | Localised | None = None,
                 **extra: Any) -> dict:
    if isinstance(detail, str):
        detail = Text(detail)
    message = detail.message(lang) if detail is not None else message_for(code, lang)
    return {"ok": False, "error": code, "message": message, **extra}


def error_from(exc: DomainError, lang: str = "vi") -> dict:
    return error_object(exc.code, lang, exc.detail, **exc.extra)
