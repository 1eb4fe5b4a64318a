"""Organiser forms; Flask-WTF adds the CSRF token to each."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DateTimeLocalField, IntegerField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

XLSX_ONLY = FileAllowed(["xlsx"], _l("Chỉ nhận tệp Excel .xlsx"))


class LoginForm(FlaskForm):
    name = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=100)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired()])
    submit = SubmitField(_l("Đăng nhập"))


class BankUploadForm(FlaskForm):
    file = FileField(_l("Tệp Excel (.xlsx)"), validators=[FileRequired(), XLSX_ONLY])
    name = StringField(_l("Tên ngân hàng câu hỏi"), validators=[Optional(), Length(max=255)])
    bank_id = SelectField(_l("Nhập vào"), coerce=int, default=0)
    preview = SubmitField(_l("Kiểm tra trước"))
    submit = SubmitField(_l("Nhập ngân hàng câu hỏi"))


class RosterUploadForm(FlaskForm):
    file = FileField(_l("Tệp Excel (.xlsx)"), validators=[FileRequired(), XLSX_ONLY])
    submit = SubmitField(_l("Nhập danh sách"))


class ContestForm(FlaskForm):
    title = StringField(_l("Tên cuộc thi"), validators=[DataRequired(), Length(max=255)])
    submit = SubmitField(_l("Tạo cuộc thi"))


class RoundForm(FlaskForm):
    title = StringField(_l("Tên vòng thi"), validators=[DataRequired(), Length(max=255)])
    mode = SelectField(_l("Hình thức"), choices=[("live", _l("Thi trực tiếp")),
                                                ("self_paced", _l("Thi trực tuyến theo tuần"))])
    bank_id = SelectField(_l("Ngân hàng câu hỏi"), coerce=int)
    question_count = IntegerField(_l("Số câu hỏi"), default=10,
                                  validators=[NumberRange(1, 200)])
    scoring = SelectField(_l("Cách tính điểm"), choices=[
        ("fixed", _l("Mỗi câu đúng 1 điểm")), ("speed", _l("Tính theo tốc độ trả lời"))])
    registration = SelectField(_l("Đăng ký"), choices=[
        ("open", _l("Tự do: họ tên và đơn vị")), ("roster", _l("Theo danh sách: mã cán bộ"))])
    seconds_per_question = IntegerField(_l("Số giây mỗi câu"), default=20,
                                        validators=[Optional(), NumberRange(3, 600)])
    advance = SelectField(_l("Chuyển câu"), choices=[
        ("host", _l("Người dẫn chuyển câu")), ("auto", _l("Tự động"))])
    duration_seconds = IntegerField(_l("Thời gian làm bài (giây)"),
                                    validators=[Optional(), NumberRange(30, 86400)])
    opens_at = DateTimeLocalField(_l("Mở từ"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Đóng lúc"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    max_attempts = IntegerField(_l("Số lượt thi tối đa"), default=1,
                                validators=[Optional(), NumberRange(1, 100)])
    score_min_answered = IntegerField(_l("Xem điểm ngay khi nộp nếu trả lời ít nhất (câu)"),
                                      validators=[Optional(), NumberRange(0, 200)])
    submit = SubmitField(_l("Tạo vòng thi"))


class TokenForm(FlaskForm):
    label = StringField(_l("Ghi chú (dùng cho việc gì)"), validators=[Optional(), Length(max=100)])
    days = SelectField(_l("Hiệu lực"), coerce=int, default=90, choices=[
        (7, _l("7 ngày")), (30, _l("30 ngày")), (90, _l("90 ngày")), (365, _l("1 năm")),
        (0, _l("Không hết hạn"))])
    submit = SubmitField(_l("Tạo mã truy cập API"))


class ActionForm(FlaskForm):
    """A button that changes something: only its CSRF token matters."""


ROLE_CHOICES = [("organiser", _l("Người tổ chức")), ("viewer", _l("Chỉ xem")),
                ("admin", _l("Quản trị viên"))]


class AccountForm(FlaskForm):
    name = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=100)])
    role = SelectField(_l("Vai trò"), choices=ROLE_CHOICES, default="organiser")
    submit = SubmitField(_l("Tạo tài khoản"))


class ShareForm(FlaskForm):
    organiser = SelectField(_l("Chia sẻ với người tổ chức"))
    submit = SubmitField(_l("Chia sẻ"))


class PinSlipsForm(FlaskForm):
    agency = SelectField(_l("Cơ quan, đơn vị"), default="")
    reissue = BooleanField(_l("Cấp lại mã PIN cho cả những người đã có phiếu (phiếu cũ hết hiệu lực)"))
    submit = SubmitField(_l("Tải phiếu PIN (Excel)"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Đăng xuất"))
