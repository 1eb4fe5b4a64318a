"""A demo province: departments and communes (two-level local government), with units."""

# (code, name, parent code, headcount)
AGENCIES = [
    ("T", "Ủy ban nhân dân tỉnh (demo)", None, None),
    ("VP", "Văn phòng Ủy ban nhân dân tỉnh", "T", 85),
    ("SNV", "Sở Nội vụ", "T", 96),
    ("SNV-CCHC", "Phòng Cải cách hành chính", "SNV", 12),
    ("SNV-TCBC", "Phòng Tổ chức, biên chế", "SNV", 14),
    ("STP", "Sở Tư pháp", "T", 74),
    ("STC", "Sở Tài chính", "T", 120),
    ("SKHCN", "Sở Khoa học và Công nghệ", "T", 88),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "T", 150),
    ("SYT", "Sở Y tế", "T", 140),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", "VP", 40),
    ("P-PL", "Phường Phú Lợi", "T", 62),
    ("P-ST", "Phường Sóc Trăng", "T", 70),
    ("X-LH", "Xã Long Hưng", "T", 38),
    ("X-MT", "Xã Mỹ Tú", "T", 41),
    ("X-TD", "Xã Trần Đề", "T", 45),
    ("X-CLD", "Xã Cù Lao Dung", "T", 36),
    ("X-MT-VH", "Phòng Văn hóa - Xã hội xã Mỹ Tú", "X-MT", 9),
    ("X-TD-KT", "Phòng Kinh tế xã Trần Đề", "X-TD", 8),
]

# (code, name, agency code, position)
OFFICIALS = [
    ("CB0001", "Nguyễn Thị Thu Hà", "SNV-CCHC", "Chuyên viên"),
    ("CB0002", "Trần Văn Minh", "SNV-TCBC", "Trưởng phòng"),
    ("CB0003", "Lê Hoàng Phúc", "STP", "Chuyên viên"),
    ("CB0004", "Phạm Ngọc Ánh", "STC", "Kế toán viên"),
    ("CB0005", "Huỳnh Thanh Tâm", "TTPVHCC", "Công chức tiếp nhận hồ sơ"),
    ("CB0006", "Võ Thị Kim Ngân", "P-PL", "Công chức Văn phòng - Thống kê"),
    ("CB0007", "Đặng Quốc Bảo", "X-LH", "Công chức Tư pháp - Hộ tịch"),
    ("CB0008", "Thạch Sô Phanh", "X-TD", "Chủ tịch UBND xã"),
    ("CB0009", "Lâm Thị Mỹ Linh", "X-MT-VH", "Chuyên viên"),
    ("CB0010", "Bùi Đức Trọng", "SKHCN", "Phó Giám đốc"),
]

CONTEST_TITLE = "Hội thi trực tuyến tìm hiểu về cải cách hành chính năm 2026 (demo)"
LIVE_ROUND = {"title": "Vòng chung kết trực tiếp", "mode": "live", "question_count": 10,
              "seconds_per_question": 20, "advance": "host", "scoring": "speed"}
SELF_PACED_ROUND = {"title": "Tuần thi thứ nhất", "mode": "self_paced", "question_count": 20,
                    "duration_seconds": 20 * 60, "max_attempts": 2}
