"""The dry run's lint and the catalogue cross the worker process's boundary (contest/offload.py)."""
from dataclasses import replace
from datetime import date

import pytest
from test_api_banks import upload

import question_bank as qb
from contest.config import TestConfig

from factories import auth, make_organiser, question_rows


class OffloadConfig(TestConfig):
    OFFLOAD = True


@pytest.fixture
def app_config():
    return OffloadConfig


def test_a_dry_run_against_a_stored_bank_and_its_catalogue_through_the_worker(app, client):
    _, token = make_organiser()
    decree = qb.DocumentRow("61/2018/NĐ-CP", "Nghị định một cửa", replaced_on=date(2025, 7, 1))
    rows = question_rows(3)
    bank_id = upload(client, token, qb.write_bank(rows, [decree])).get_json()["bank_id"]
    later = [replace(rows[0], text=rows[0].text.replace("về cải cách", "về việc cải cách"),
                     legal_basis="Luật 80/2025/QH15")]
    body = upload(client, token, qb.write_bank(later), query="?dry_run=1&lang=en", bank_id=str(bank_id)).get_json()
    assert [(w["row"], w["code"]) for w in body["warnings"]] == [(2, "near_duplicate_bank")]
    assert body["warnings"][0]["message"].startswith("This question is nearly the same as one already in the bank")
    exported = client.get(f"/api/v1/question-banks/{bank_id}/export.xlsx", headers=auth(token))
    assert qb.read_workbook(exported.data).documents == [decree]


def test_the_quality_page_lints_the_stored_bank_in_the_worker(app, client):
    from contest.services import bank_quality
    _, token = make_organiser()
    rows = question_rows(3)
    rows[1] = replace(rows[1], legal_basis=None)
    bank_id = upload(client, token, qb.write_bank(rows)).get_json()["bank_id"]
    quality = bank_quality.bank_quality(bank_id, date(2026, 12, 3), lang="en")
    assert [(w.row, w.code) for w in quality.warnings] == [(3, "no_legal_basis")]
    assert quality.warnings[0].message.startswith("“Căn cứ pháp lý” (legal basis) is empty")
