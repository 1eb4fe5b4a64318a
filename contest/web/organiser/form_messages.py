"""WTForms' and Flask-WTF's own messages in the page's language.

WTForms ships no Vietnamese catalogue, so its built-in messages ("This field is
required.") would reach a Vietnamese organiser in English. The forms' `Meta` hands
WTForms this object instead: each English message it knows is replaced by a text of our
own catalogue (same placeholders), translated to the page's language by Flask-Babel.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "This field is required.": _l("Cần điền trường này."),
    "Not a valid choice.": _l("Lựa chọn không hợp lệ."),
    "Invalid Choice: could not coerce.": _l("Lựa chọn không hợp lệ."),
    "Not a valid integer value.": _l("Cần một số nguyên."),
    "Not a valid datetime value.": _l("Cần ngày giờ hợp lệ (ngày/tháng/năm giờ:phút)."),
    "Not a valid date value.": _l("Cần ngày hợp lệ (ngày/tháng/năm)."),
    "Number must be between %(min)s and %(max)s.": _l("Cần số từ %(min)s đến %(max)s."),
    "Number must be at least %(min)s.": _l("Cần số từ %(min)s trở lên."),
    "Number must be at most %(max)s.": _l("Cần số không quá %(max)s."),
    "Field must be between %(min)d and %(max)d characters long.": _l("Cần từ %(min)d đến %(max)d ký tự."),
    "Field cannot be longer than %(max)d character.": _l("Tối đa %(max)d ký tự."),
    "Field must be at least %(min)d character long.": _l("Cần ít nhất %(min)d ký tự."),
    "CSRF token missing.": _l("Biểu mẫu thiếu mã bảo vệ: hãy tải lại trang rồi gửi lại."),
    "CSRF token expired.": _l("Biểu mẫu đã hết hạn: hãy tải lại trang rồi gửi lại."),
    "Invalid CSRF Token.": _l("Mã bảo vệ của biểu mẫu không đúng: hãy tải lại trang rồi gửi lại."),
    "CSRF failed.": _l("Mã bảo vệ của biểu mẫu không đúng: hãy tải lại trang rồi gửi lại."),
}


class FormMessages:
    """The `translations` object WTForms asks for (gettext and ngettext)."""

    def gettext(self, message: str) -> str:
        return str(MESSAGES.get(message, message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular)  # Vietnamese has one form; the catalogue keys the singular


FORM_MESSAGES = FormMessages()
