"""Uploaded workbooks, read in a worker process (contest/offload.py) within its limits.

A workbook the worker cannot finish reading in time or memory is refused like any other
invalid workbook: WorkbookInvalid, with the limit in the caller's language.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

import question_bank as qb
from contest import offload

T = TypeVar("T")


def read_bank(data: bytes, existing_keys: frozenset[str], lang: str) -> qb.BankWorkbook:
    """Questions and catalogue; `existing_keys` are the target bank's duplicate keys."""
    return _read(qb.read_workbook, data, lang, existing_keys=existing_keys)


def check_bank(data: bytes, target: qb.TargetBank, today: date, lang: str) -> qb.BankWorkbook:
    """`read_bank`, then the lint's warnings against the target bank, in the same worker."""
    return _read(qb.check_workbook, data, lang, target=target, today=today)


def read_roster(data: bytes, lang: str) -> qb.Roster:
    return _read(qb.read_roster, data, lang)


def _read(reader: Callable[..., T], data: bytes, lang: str, **kwargs) -> T:
    try:
        return offload.in_process(reader, data, lang=lang, **kwargs)
    except offload.WorkerTimeout as exc:
        raise refusal("read_timeout", lang, seconds=f"{exc.seconds:g}") from None
    except MemoryError:
        raise refusal("read_memory", lang, limit=offload.limits().memory_mb) from None


def refusal(key: str, lang: str, **values: object) -> qb.WorkbookInvalid:
    return qb.WorkbookInvalid([qb.Problem(None, None, None, qb.message(key, lang, **values))])
