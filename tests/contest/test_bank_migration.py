"""The migration that stores a bank's catalogue rekeys every stored question on its text and options."""
import sqlalchemy as sa
from test_migrations import run_flask

import question_bank as qb

OLD_KEY = "phát biểu nào sau đây đúng"


def test_upgrade_rekeys_stored_questions_so_a_generic_stem_may_come_back(app, tmp_path):
    url = f"sqlite:///{tmp_path / 'contest.db'}"
    result = run_flask(url, tmp_path, "db", "upgrade", "8cab8b58458d")
    assert result.returncode == 0, result.stderr
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO question_bank (id, name, created_at) VALUES (1, 'Cũ', '2026-01-01')"))
        conn.execute(sa.text("INSERT INTO topic (id, name) VALUES (1, :t)"), {"t": qb.TOPICS[1]})
        conn.execute(sa.text(
            "INSERT INTO question (id, bank_id, position, text, text_key, kind, topic_id, difficulty) "
            "VALUES (1, 1, 0, 'Phát biểu nào sau đây đúng?', :k, 'single', 1, 1)"), {"k": OLD_KEY})
        for position, text in enumerate(["Một", "Hai", "Ba"]):
            conn.execute(sa.text("INSERT INTO option (question_id, position, text, is_correct) "
                                 "VALUES (1, :p, :t, :c)"), {"p": position, "t": text, "c": position == 0})
    result = run_flask(url, tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    with engine.begin() as conn:
        assert conn.execute(sa.text("SELECT text_key FROM question")).scalar() == \
            qb.duplicate_key("Phát biểu nào sau đây đúng?", ["Ba", "Hai", "Một"])
        assert conn.execute(sa.text("SELECT documents FROM question_bank")).scalar() is None
    result = run_flask(url, tmp_path, "db", "downgrade", "8cab8b58458d")
    assert result.returncode == 0, result.stderr
    with engine.begin() as conn:
        assert conn.execute(sa.text("SELECT text_key FROM question")).scalar() == OLD_KEY
    engine.dispose()
