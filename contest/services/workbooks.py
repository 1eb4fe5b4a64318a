"""Uploaded workbooks, read in a worker process (contest/offload.py) within its limits.

A workbook the worker cannot finish reading in time or memory is refused like any other
invalid workbook: WorkbookInvalid, with the limit in the caller's language.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import question_bank as qb
from contest import offload

T = TypeVar("T")


def read_bank(data: bytes, existing_texts: list[str], lang: str) -> list[qb.QuestionRow]:
    return _read(qb.read_bank, data, lang, existing_texts=existing_texts)


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
