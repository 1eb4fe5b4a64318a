"""English is available everywhere: every page string has a translation that keeps its placeholders."""
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent.parent
CATALOGUE = ROOT / "contest" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def catalogue():
    with open(CATALOGUE, "rb") as f:
        return read_po(f)


def test_every_string_in_the_code_and_templates_is_in_the_catalogue():
    method_map = [("contest/**.py", "python"), ("templates/**.html", "jinja2")]
    found = {msg[2] if isinstance(msg[2], str) else msg[2][0]
             for msg in extract_from_dir(str(ROOT), method_map, keywords={"_": None, "_l": None, "N_": None, "gettext": None})}
    known = {m.id for m in catalogue() if m.id}
    assert found - known == set(), "run pybabel extract/update and translate"


def test_every_entry_is_translated_and_keeps_its_placeholders():
    for message in catalogue():
        if not message.id:
            continue
        assert message.string and "fuzzy" not in message.flags, message.id
        assert sorted(PLACEHOLDER.findall(message.id)) == sorted(PLACEHOLDER.findall(message.string)), message.id
