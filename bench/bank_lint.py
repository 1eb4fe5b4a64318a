"""Reading and linting a 10,000-question workbook, the importer's limit: how long each takes.

    .venv/bin/python -m bench.bank_lint [--questions 10000] [--repeat 3]

Four banks of the same size: random text (stems and options drawn at random from the ~870
words of the sample bank: every word is frequent, so every question has the most candidates
to verify, the hardest case for the prefix filter), the worst cases of the near-duplicate search (every stem alike
but one rare word, so every row is a near-duplicate; a generic stem with other options on every
row), and stems alike except for their numbers. Times are the best of --repeat runs, in one
process, with the lint's every check on.
"""
from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from datetime import date

import question_bank as qb
from question_bank.samples import sample_questions


def _random_words(count: int, rng: random.Random) -> list[qb.QuestionRow]:
    sample = sample_questions()
    words = [w for q in sample for w in q.text.split()]
    rows = []
    for n in range(count):
        base = sample[n % len(sample)]
        text = " ".join(rng.choice(words) for _ in range(rng.randint(10, 25))) + "?"
        options = [" ".join(rng.choice(words) for _ in range(rng.randint(2, 8))) for _ in range(4)]
        rows.append(qb.QuestionRow(text, "single", options, [rng.randrange(4)], base.topic,
                                   base.difficulty, base.legal_basis))
    return rows


def _name(n: int) -> str:
    letters = "bcdfghklmnpqrstvx"
    out = ""
    while True:
        out, n = out + letters[n % len(letters)], n // len(letters)
        if not n:
            return out


def _template(text: str, options: list[str]) -> qb.QuestionRow:
    return qb.QuestionRow(text, "single", options, [1], qb.TOPICS[2], 1, "Nghị định 61/2018/NĐ-CP")


BANKS = {
    "random words of the sample bank": _random_words,
    "one rare word apart (all near-duplicates)": lambda count, _: [
        _template(f"Cơ quan nào chủ trì công bố chỉ số cải cách hành chính hằng năm ở {_name(n)}?",
                  ["Bộ Tư pháp", "Bộ Nội vụ", "Văn phòng Chính phủ"]) for n in range(count)],
    "one generic stem, other options": lambda count, _: [
        _template("Phát biểu nào sau đây đúng?", [f"Ý {n} thứ nhất", f"Ý {n} thứ hai", f"Ý {n} thứ ba"])
        for n in range(count)],
    "alike but for their numbers": lambda count, _: [
        _template(f"Câu hỏi số {n}: cơ quan nào chủ trì công bố Chỉ số cải cách hành chính?",
                  ["Bộ Tư pháp", "Bộ Nội vụ", "Văn phòng Chính phủ", "Bộ Tài chính"]) for n in range(count)],
}


def best_of(repeat: int, job) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=qb.MAX_QUESTION_ROWS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"| bank ({args.questions:,} questions) | read workbook | lint | warnings |")
    print("|---|---|---|---|")
    for name, make in BANKS.items():
        data = qb.write_bank(make(args.questions, random.Random(1)))
        read_s, workbook = best_of(args.repeat, lambda data=data: qb.read_workbook(data))
        lint_s, warnings = best_of(args.repeat, lambda workbook=workbook: qb.lint_bank(
            workbook.questions, today=date(2026, 12, 3)))
        counts = ", ".join(f"{code} {n:,}" for code, n in Counter(w.code for w in warnings).most_common(3))
        print(f"| {name} | {read_s:.2f} s | {lint_s:.2f} s | {counts or 'none'} |")


if __name__ == "__main__":
    main()
