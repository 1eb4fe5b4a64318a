import re
import unicodedata

import pytest

from question_bank import message, question_key
from question_bank.messages import CATALOGUE, language
from question_bank.text import cell_text, loose_key


@pytest.mark.parametrize("a, b", [
    ("Thủ tục hành chính là gì?", "  thủ tục   HÀNH CHÍNH là gì ? "),
    ("Cơ chế một cửa.", "Cơ chế một cửa"),
    (unicodedata.normalize("NFD", "Đúng hay sai…"), "đúng hay sai"),
    ("Câu hỏi\nhai dòng", "câu hỏi hai dòng"),
])
def test_question_key_treats_these_as_the_same_question(a, b):
    assert question_key(a) == question_key(b)


@pytest.mark.parametrize("a, b", [("Luật 2008", "Luật 2025"), ("Cơ quan nào?", "Cơ quan nào không?"),
                                  ("Thủ tục", "Thu tuc")])
def test_question_key_keeps_these_apart(a, b):
    assert question_key(a) != question_key(b)


@pytest.mark.parametrize("value, text", [(None, None), ("  ", None), (1990, "1990"), (1990.0, "1990"),
                                         (0.25, "0.25"), (True, "TRUE"), ("a\r\nb\x07", "a\nb")])
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_loose_key_ignores_case_spacing_punctuation_and_diacritics():
    assert loose_key(" Mã đơn vị  cấp TRÊN ") == loose_key("ma don vi cap tren") == "madonvicaptren"


def test_every_message_exists_in_both_languages_with_the_same_placeholders():
    for key, (vi, en) in CATALOGUE.items():
        assert vi and en and vi != en or key == "any"
        assert set(re.findall(r"{(\w+)}", vi)) == set(re.findall(r"{(\w+)}", en)), key


def test_vietnamese_is_the_default_and_unknown_languages_fall_back_to_it():
    assert message("header_missing", header="Đáp án đúng") == "Thiếu cột bắt buộc “Đáp án đúng”."
    assert message("header_missing", "en-GB", header="Chủ đề") == "Required column “Chủ đề” is missing."
    assert language("fr") == language(None) == "vi"
