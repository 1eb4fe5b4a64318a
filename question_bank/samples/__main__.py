"""Rebuild cchc_sample.xlsx from cchc_sample.json (and cchc_documents.json when present)."""
from question_bank.samples import WORKBOOK, build_sample_workbook, sample_documents, sample_questions

WORKBOOK.write_bytes(build_sample_workbook())
print(f"{WORKBOOK} ({len(sample_questions())} questions, {len(sample_documents())} documents)")
