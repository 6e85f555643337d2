"""Production settings pass Django's deployment checks; the security headers are strict."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEMO", "DEBUG"}}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    key_file = tmp_path / "secret"
    key_file.write_text("k3y-" + "a1B2c3D4e5F6g7H8i9J0" * 4)
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY_FILE=str(key_file),
        ALLOWED_HOSTS="entraide.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_manage("check", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "connection.settings_dict['OPTIONS']['transaction_mode'], "
        "c.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DEMO="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE", "20000"]


def test_pages_carry_a_strict_content_security_policy(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/fr/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_passwords_are_hashed_with_argon2(demo_users) -> None:  # type: ignore[no-untyped-def]
    assert demo_users["centre_staff"].password.startswith("argon2$")


@pytest.mark.parametrize("path", ["/fr/", "/fr/privacy/"])
def test_no_page_loads_anything_from_another_site(client, db, path) -> None:  # type: ignore[no-untyped-def]
    html = client.get(path).content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
