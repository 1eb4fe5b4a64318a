"""flask --app contest: init-db, demo, organiser create, organiser token, import-bank, translate."""
from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade

from contest.errors import DomainError
from contest.services import organisers


@click.command("init-db")
def init_db() -> None:
    """Create or migrate the schema to the newest version."""
    upgrade()
    click.echo("Cơ sở dữ liệu đã sẵn sàng. / Database ready.")


@click.command("demo")
def demo() -> None:
    """Load the demo agencies, the sample bank and a demo contest (safe to run twice)."""
    from contest.services.demo import load_demo

    upgrade()
    for line in load_demo():
        click.echo(line)


@click.group("organiser")
def organiser() -> None:
    """Organiser accounts."""


@organiser.command("create")
@click.argument("name")
@click.option("--password", help="Leave out to have one generated and printed.")
def organiser_create(name: str, password: str | None) -> None:
    password = password or secrets.token_urlsafe(12)
    try:
        organisers.create_organiser(name, password)
    except DomainError as exc:
        raise click.ClickException(exc.message())
    click.echo(f"Đã tạo người tổ chức / organiser created: {name}")
    click.echo(f"Mật khẩu / password: {password}")


@organiser.command("token")
@click.argument("name")
def organiser_token(name: str) -> None:
    """Print a new API token on the last line."""
    try:
        found = organisers.find_organiser(name)
    except DomainError as exc:
        raise click.ClickException(exc.message())
    click.echo(f"Mã truy cập API mới cho / new API token for {found.name}:")
    click.echo(organisers.issue_token(found.id, label="cli"))


@click.command("import-bank")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", default=None)
def import_bank(path: Path, name: str | None) -> None:
    """Import a question workbook from the command line."""
    import question_bank as qb
    from contest.services import banks

    try:
        bank_id, count = banks.import_workbook(path.read_bytes(), name or path.stem, None)
    except qb.WorkbookInvalid as exc:
        for p in exc.problems:
            click.echo(f"{p.sheet}!{p.column}{'' if p.row is None else p.row}: {p.message}", err=True)
        raise click.ClickException(f"{len(exc.problems)} lỗi; không có gì được lưu.")
    click.echo(f"bank_id={bank_id} imported={count}")


TRANSLATIONS = "contest/translations"
KEYWORDS = ("_", "_l", "N_", "gettext", "lazy_gettext")


@click.group("translate")
def translate() -> None:
    """The English catalogue: `update` after changing texts, then `compile`."""


@translate.command("update")
def translate_update() -> None:
    """Extract every marked text of the code and templates, and merge it into the catalogue."""
    from babel.messages.frontend import CommandLineInterface

    root = Path(__file__).resolve().parent.parent
    pot = root / "instance" / "messages.pot"
    pot.parent.mkdir(exist_ok=True)
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    cli = CommandLineInterface()
    cli.run(["pybabel", "-q", "extract", "-F", str(root / "babel.cfg"), *keywords, "--no-location",
             "--sort-output", "-o", str(pot), str(root)])
    cli.run(["pybabel", "-q", "update", "-i", str(pot), "-d", str(root / TRANSLATIONS),
             "--no-fuzzy-matching", "--ignore-obsolete"])
    pot.unlink()
    click.echo("Đã cập nhật / updated: " + TRANSLATIONS)


@translate.command("compile")
def translate_compile() -> None:
    """Compile the catalogue (.po -> .mo); the test command and set-up do it too."""
    from babel.messages.frontend import CommandLineInterface

    root = Path(__file__).resolve().parent.parent
    CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(root / TRANSLATIONS)])


def init_app(app: Flask) -> None:
    for command in (init_db, demo, organiser, import_bank, translate):
        app.cli.add_command(command)
