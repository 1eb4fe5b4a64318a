"""flask --app contest: init-db, demo, organiser (create, list, role, enable, disable, token,
tokens, revoke), import-bank, share-bank, pin-slips, translate."""
from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade

from contest.errors import DomainError
from contest.models import ROLES
from contest.services import audit, organisers

CLI = audit.Actor(None, "cli", None)  # the server's operator at the command line


class _Operator:
    """Whoever runs these commands holds the server: they act as an administrator."""

    id, role, name = None, "admin", "cli"


def _found(name: str):
    try:
        return organisers.find_organiser(name)
    except DomainError as exc:
        raise click.ClickException(exc.message()) from None


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
@click.option("--role", type=click.Choice(ROLES), default=None,
              help="admin, organiser or viewer; the first account is admin unless told.")
def organiser_create(name: str, password: str | None, role: str | None) -> None:
    password = password or secrets.token_urlsafe(12)
    try:
        created = organisers.create_organiser(name, password, role)
    except DomainError as exc:
        raise click.ClickException(exc.message()) from None
    audit.record("account_created", CLI, f"organiser {created.id}", name=created.name, role=created.role)
    click.echo(f"Đã tạo người tổ chức / organiser created: {name} ({created.role})")
    click.echo(f"Mật khẩu / password: {password}")


@organiser.command("list")
def organiser_list() -> None:
    """Every account with its role."""
    for account in organisers.list_organisers():
        state = "" if account.active else "  (đã khóa / disabled)"
        click.echo(f"{account.name}\t{account.role}{state}")


@organiser.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
def organiser_role(name: str, role: str) -> None:
    """Make an account admin, organiser or viewer."""
    try:
        account = organisers.set_role(_found(name).id, role)
    except DomainError as exc:
        raise click.ClickException(exc.message()) from None
    audit.record("account_changed", CLI, f"organiser {account.id}", change="role", role=role)
    click.echo(f"{account.name}: {account.role}")


@organiser.command("disable")
@click.argument("name")
def organiser_disable(name: str) -> None:
    """Lock an account: its sign-ins end and its tokens are revoked."""
    _set_active(name, False)


@organiser.command("enable")
@click.argument("name")
def organiser_enable(name: str) -> None:
    _set_active(name, True)


def _set_active(name: str, active: bool) -> None:
    try:
        account = organisers.set_active(_found(name).id, active)
    except DomainError as exc:
        raise click.ClickException(exc.message()) from None
    audit.record("account_changed", CLI, f"organiser {account.id}", change="enable" if active else "disable")
    click.echo(f"{account.name}: {'hoạt động / active' if active else 'đã khóa / disabled'}")


@organiser.command("token")
@click.argument("name")
@click.option("--days", type=click.IntRange(0, 3650), default=None,
              help="Days the token is valid (0: until revoked); default CONTEST_TOKEN_DAYS.")
@click.option("--label", default="cli", help="What the token is for (shown in the list).")
def organiser_token(name: str, days: int | None, label: str) -> None:
    """Print a new API token on the last line."""
    from flask import current_app

    found = _found(name)
    days = current_app.config["TOKEN_DAYS"] if days is None else days
    token = organisers.issue_token(found.id, label=label, days=days)
    audit.record("token_issued", CLI, f"organiser {found.id}", label=label, days=days)
    click.echo(f"Mã truy cập API mới cho / new API token for {found.name}"
               f" ({f'{days} ngày / days' if days else 'không hết hạn / no expiry'}):")
    click.echo(token)


@organiser.command("tokens")
@click.argument("name")
def organiser_tokens(name: str) -> None:
    """List an account's tokens: id, label, expiry, last use (never the tokens themselves)."""
    from contest.services.results_sheets import local_time

    def when(ms: int | None) -> str:
        return local_time(ms).strftime("%Y-%m-%d %H:%M") if ms else "-"

    for t in organisers.list_tokens(_found(name).id):
        state = "revoked" if t["revoked"] else "expired" if t["expired"] else "active"
        click.echo(f"{t['token_id']}\t{t['label'] or '-'}\t{state}\texpires {when(t['expires_ms'])}"
                   f"\tlast used {when(t['last_used_ms'])}")


@organiser.command("revoke")
@click.argument("name")
@click.argument("token_id", type=int, required=False)
@click.option("--all", "every", is_flag=True, help="Revoke every token of the account.")
def organiser_revoke(name: str, token_id: int | None, every: bool) -> None:
    """Revoke one token (by the id `organiser tokens` shows) or all of them."""
    found = _found(name)
    if every:
        count = organisers.revoke_tokens(found.id)
    elif token_id is not None:
        try:
            organisers.revoke_token(found.id, token_id)
        except DomainError as exc:
            raise click.ClickException(exc.message()) from None
        count = 1
    else:
        raise click.UsageError("give a TOKEN_ID or --all")
    audit.record("token_revoked", CLI, f"organiser {found.id}", count=count)
    click.echo(f"Đã thu hồi / revoked: {count}")


@click.command("import-bank")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", default=None)
@click.option("--organiser", "owner", default=None, help="The account that owns the bank "
              "(without it, only administrators see it).")
def import_bank(path: Path, name: str | None, owner: str | None) -> None:
    """Import a question workbook from the command line."""
    import question_bank as qb
    from contest.services import banks

    owner_id = _found(owner).id if owner else None
    try:
        bank_id, count = banks.import_workbook(path.read_bytes(), name or path.stem, owner_id)
    except qb.WorkbookInvalid as exc:
        for p in exc.problems:
            click.echo(f"{p.sheet}!{p.column}{'' if p.row is None else p.row}: {p.message}", err=True)
        raise click.ClickException(f"{len(exc.problems)} lỗi; không có gì được lưu.") from None
    audit.record("bank_imported", CLI, f"bank {bank_id}", questions=count)
    click.echo(f"bank_id={bank_id} imported={count}")


@click.command("share-bank")
@click.argument("bank_id", type=int)
@click.argument("name")
@click.option("--undo", is_flag=True, help="Stop sharing it.")
def share_bank(bank_id: int, name: str, undo: bool) -> None:
    """Let organiser NAME read bank BANK_ID and draw rounds from it (or stop, with --undo)."""
    from contest.services import access

    try:
        if undo:
            access.unshare_bank(_Operator(), bank_id, _found(name).id)
        else:
            access.share_bank(_Operator(), bank_id, name)
    except DomainError as exc:
        raise click.ClickException(exc.message()) from None
    audit.record("bank_unshared" if undo else "bank_shared", CLI, f"bank {bank_id}", organiser=name)
    shared = ", ".join(o.name for o in access.bank_shares(bank_id)) or "-"
    click.echo(f"bank_id={bank_id} shared with: {shared}")


@click.command("pin-slips")
@click.option("--agency", default=None, help="An agency's code: its officials and those below.")
@click.option("--reissue", is_flag=True, help="New PINs for everyone chosen: old slips stop working.")
@click.option("--url", default=None, help="The address on the slips (default CONTEST_PUBLIC_URL).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def pin_slips(agency: str | None, reissue: bool, url: str | None, output: Path) -> None:
    """Write the PIN slips of the roster's officials (new PINs for those who have no slip yet)."""
    from flask import current_app

    from contest.services import agencies

    base = url or current_app.config.get("PUBLIC_URL") or "http://ĐỊA-CHỈ-MÁY-CHỦ"
    try:
        workbook, count = agencies.issue_pin_slips(agency, reissue, base, CLI)
    except DomainError as exc:
        raise click.ClickException(exc.message()) from None
    output.write_bytes(workbook)
    output.chmod(0o600)
    click.echo(f"{count} phiếu PIN / PIN slips: {output}")


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
    for command in (init_db, demo, organiser, import_bank, share_bank, pin_slips, translate):
        app.cli.add_command(command)
