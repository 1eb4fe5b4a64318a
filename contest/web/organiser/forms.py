"""Organiser forms; Flask-WTF adds the CSRF token to each."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DateTimeLocalField, IntegerField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from contest.web.organiser.form_messages import FORM_MESSAGES
from question_bank import DIFFICULTIES, TOPICS

# Organisers type local times; the server keeps epoch milliseconds.
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
XLSX_ONLY = FileAllowed(["xlsx"], _l("Chỉ nhận tệp Excel .xlsx"))


class Form(FlaskForm):
    """Every organiser form: WTForms' own messages in the page's language."""

    class Meta:
        def get_translations(self, form):
            return FORM_MESSAGES


class LoginForm(Form):
    name = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=100)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired()])
    submit = SubmitField(_l("Đăng nhập"))


class BankUploadForm(Form):
    file = FileField(_l("Tệp Excel (.xlsx)"), validators=[FileRequired(), XLSX_ONLY])
    name = StringField(_l("Tên ngân hàng câu hỏi"), validators=[Optional(), Length(max=255)])
    bank_id = SelectField(_l("Nhập vào"), coerce=int, default=0)
    preview = SubmitField(_l("Kiểm tra trước"))
    submit = SubmitField(_l("Nhập ngân hàng câu hỏi"))


class RosterUploadForm(Form):
    file = FileField(_l("Tệp Excel (.xlsx)"), validators=[FileRequired(), XLSX_ONLY])
    submit = SubmitField(_l("Nhập danh sách"))


class ContestForm(Form):
    title = StringField(_l("Tên cuộc thi"), validators=[DataRequired(), Length(max=255)])
    submit = SubmitField(_l("Tạo cuộc thi"))


class WholeNumber(IntegerField):
    """An integer field whose complaint is in the page's language (WTForms has no Vietnamese)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Cần một số nguyên.")) from None


def _between(low: int, high: int) -> NumberRange:
    return NumberRange(low, high, message=_l("Cần số nguyên từ %(min)d đến %(max)d."))


LIVE_FIELDS = ("seconds_per_question", "advance")
SELF_PACED_FIELDS = ("duration_seconds", "opens_at", "closes_at", "max_attempts", "score_min_answered")
OTHER_MODE_FIELDS = {"live": SELF_PACED_FIELDS, "self_paced": LIVE_FIELDS}

# The quota grid: one cell per topic (the last row: any topic) and difficulty (0: any).
QUOTA_TOPICS: tuple[str | None, ...] = (*TOPICS, None)
QUOTA_LEVELS: tuple[int, ...] = (*DIFFICULTIES, 0)


def quota_name(topic_index: int, level: int) -> str:
    return f"quota_{topic_index}_{level}"


class RoundForm(Form):
    title = StringField(_l("Tên vòng thi"), validators=[DataRequired(), Length(max=255)])
    mode = SelectField(_l("Hình thức"), choices=[("live", _l("Thi trực tiếp")),
                                                ("self_paced", _l("Thi trực tuyến theo tuần"))])
    bank_id = SelectField(_l("Ngân hàng câu hỏi"), coerce=int)
    question_count = WholeNumber(_l("Số câu hỏi"), default=10, validators=[_between(1, 200)])
    scoring = SelectField(_l("Cách tính điểm"), choices=[
        ("fixed", _l("Mỗi câu đúng 1 điểm")), ("speed", _l("Tính theo tốc độ trả lời"))])
    registration = SelectField(_l("Đăng ký"), choices=[
        ("open", _l("Tự do: họ tên và đơn vị")), ("roster", _l("Theo danh sách: mã cán bộ"))])
    seconds_per_question = WholeNumber(_l("Số giây mỗi câu"), default=20,
                                       validators=[Optional(), _between(3, 600)])
    advance = SelectField(_l("Chuyển câu"), choices=[
        ("host", _l("Người dẫn chuyển câu")), ("auto", _l("Tự động"))])
    duration_seconds = WholeNumber(_l("Thời gian làm bài (giây)"),
                                   validators=[Optional(), _between(30, 86400)])
    opens_at = DateTimeLocalField(_l("Mở từ"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Đóng lúc"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    max_attempts = WholeNumber(_l("Số lượt thi tối đa"), default=1,
                               validators=[Optional(), _between(1, 100)])
    score_min_answered = WholeNumber(_l("Xem điểm ngay khi nộp nếu trả lời ít nhất (câu)"),
                                     validators=[Optional(), _between(0, 200)])
    submit = SubmitField(_l("Tạo vòng thi"))

    def validate(self, extra_validators=None) -> bool:
        """The fields of the other mode are hidden: what they hold neither blocks nor counts."""
        super().validate(extra_validators)
        for name in OTHER_MODE_FIELDS.get(self.mode.data, ()):
            self[name].errors = []
        return not any(field.errors for field in self)

    def validate_closes_at(self, field) -> None:
        if self.mode.data == "self_paced" and field.data is not None and \
                field.data <= datetime.now(LOCAL_TZ).replace(tzinfo=None):
            raise ValidationError(_l("Thời điểm đóng đã qua: vòng thi sẽ kết thúc ngay khi tạo."))

    def quota_cells(self) -> list[tuple[int, int, object]]:
        """(topic index, level, field) of every cell of the quota grid."""
        return [(t, level, self[quota_name(t, level)])
                for t in range(len(QUOTA_TOPICS)) for level in QUOTA_LEVELS]

    def quotas(self) -> list[dict]:
        """The filled cells as the API's quotas: [{"topic", "difficulty", "count"}]."""
        return [{"topic": QUOTA_TOPICS[t], "difficulty": level or None, "count": cell.data}
                for t, level, cell in self.quota_cells() if cell.data]


for _topic in range(len(QUOTA_TOPICS)):
    for _level in QUOTA_LEVELS:
        setattr(RoundForm, quota_name(_topic, _level),
                WholeNumber(_l("Số câu"), validators=[Optional(), _between(1, 200)]))


class TokenForm(Form):
    label = StringField(_l("Ghi chú (dùng cho việc gì)"), validators=[Optional(), Length(max=100)])
    days = SelectField(_l("Hiệu lực"), coerce=int, default=90, choices=[
        (7, _l("7 ngày")), (30, _l("30 ngày")), (90, _l("90 ngày")), (365, _l("1 năm")),
        (0, _l("Không hết hạn"))])
    submit = SubmitField(_l("Tạo mã truy cập API"))


class ActionForm(Form):
    """A button that changes something: only its CSRF token matters."""


ROLE_CHOICES = [("organiser", _l("Người tổ chức")), ("viewer", _l("Chỉ xem")),
                ("admin", _l("Quản trị viên"))]


class AccountForm(Form):
    name = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=100)])
    role = SelectField(_l("Vai trò"), choices=ROLE_CHOICES, default="organiser")
    submit = SubmitField(_l("Tạo tài khoản"))


class ShareForm(Form):
    organiser = SelectField(_l("Chia sẻ với người tổ chức"))
    submit = SubmitField(_l("Chia sẻ"))


class PinSlipsForm(Form):
    agency = SelectField(_l("Cơ quan, đơn vị"), default="")
    reissue = BooleanField(_l("Cấp lại mã PIN cho cả những người đã có phiếu (phiếu cũ hết hiệu lực)"))
    submit = SubmitField(_l("Tải phiếu PIN (Excel)"))


class LogoutForm(Form):
    submit = SubmitField(_l("Đăng xuất"))
