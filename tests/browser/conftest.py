"""Browser tests: the real application in a subprocess, on its own database, driven by Chromium.

The server runs the demo (DEMO=1, DEBUG=0) with gunicorn on a free local port;
each role signs in once through the real form (with its TOTP code where the
role requires one) and its session is reused for all its pages.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerDatabase:
    """A database of the browser tests' own: a SQLite file, or a new PostgreSQL database."""

    def __init__(self, tmp: Path) -> None:
        base = os.environ.get("DATABASE_URL", "")
        self.admin_url = ""
        if base.startswith("postgres"):
            self.name = f"entraide_e2e_{secrets.token_hex(4)}"
            self.admin_url = base
            self.url = base.rsplit("/", 1)[0] + "/" + self.name
        else:
            self.url = f"sqlite:///{tmp / 'e2e.sqlite3'}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def create(self) -> None:
        if self.admin_url:
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.admin_url:
            # The name is ours (a fixed prefix and hex digits), not input.
            self._admin(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # noqa: S608
                f"WHERE datname = '{self.name}'"
            )
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')


@pytest.fixture(scope="session")
def live_url(tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("e2e")
    database = ServerDatabase(tmp)
    database.create()
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    env.update(
        DEMO="1",
        DEBUG="0",
        DATABASE_URL=database.url,
        PYTHONPATH=str(ROOT / "src"),
        STATIC_ROOT=str(tmp / "static"),
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "demo"], env=env, check=True, capture_output=True)
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [
            *(str(gunicorn), "--chdir", str(ROOT / "src"), "--bind", f"127.0.0.1:{port}"),
            *("--workers", "2", "--log-level", "warning", "entraide.wsgi"),
        ],
        env=env,
    )
    # The task worker beside the server, as in `make demo` (emails, imports).
    worker = subprocess.Popen([*manage, "db_worker"], env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/health/", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        yield url
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        database.drop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


def only_local(route) -> None:  # type: ignore[no-untyped-def]
    """Nothing may leave the machine: every request elsewhere is refused."""
    if route.request.url.startswith("http://127.0.0.1:"):
        route.continue_()
    else:
        route.abort()


def new_context(browser, **options):  # type: ignore[no-untyped-def]
    context = browser.new_context(**options)
    context.route("**/*", only_local)
    return context


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(page, live_url: str, account, on_second_step=None) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the real form, with the second factor where the role needs it."""
    page.goto(f"{live_url}/en/account/login/")
    page.fill("input[name=login]", account.email)
    page.fill("input[name=password]", "Entraide-demo-2026")
    page.press("input[name=password]", "Enter")
    if account.mfa_required:
        page.wait_for_url("**/2fa/authenticate/")
        if on_second_step:
            on_second_step(page)
        page.fill("input[name=code]", totp_code(account.totp_secret))
        page.press("input[name=code]", "Enter")
    page.wait_for_url(f"{live_url}/en/")


@pytest.fixture(scope="session")
def signed_in_state(browser, live_url, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The storage state of each role, signed in once (TOTP codes cannot be replayed)."""
    from entraide.demo.accounts import ACCOUNTS

    states: dict[str, object] = {"anonymous": None}
    accounts = {a.role: a for a in ACCOUNTS}

    def get(role: str, on_second_step=None) -> object:  # type: ignore[no-untyped-def]
        if role not in states:
            context = new_context(browser, bypass_csp=True)
            page = context.new_page()
            sign_in(page, live_url, accounts[role], on_second_step)
            states[role] = context.storage_state()
            context.close()
        return states[role]

    return get
