import time

from question_bank import read_bank

from xlsx_factory import big_bank


def test_ten_thousand_questions_import():
    data = big_bank(10_000)
    started = time.perf_counter()
    questions = read_bank(data)
    elapsed = time.perf_counter() - started
    print(f"\nimported {len(questions)} questions ({len(data) / 1e6:.1f} MB) in {elapsed:.2f} s")
    assert len(questions) == 10_000
