"""`manage.py tick --loop` keeps ticking and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_tick_loop_runs_jobs_and_stops_on_sigterm(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    env.update(DEMO="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    process = subprocess.Popen(
        [*manage, "tick", "--loop", "--interval", "1"], env=env, stdout=subprocess.PIPE, text=True
    )
    lines = []
    try:
        # Wait for three ticks (at most 60 s on a busy machine), then ask it to stop.
        deadline = time.monotonic() + 60
        while sum("outbox.requeue" in line for line in lines) < 3 and time.monotonic() < deadline:
            lines.append(process.stdout.readline())
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=10)
    finally:
        process.kill()
    output = "".join(lines) + rest
    assert process.returncode == 0
    assert "outbox.requeue: 0 re-queued" in output
    # The hourly job ran once although several ticks happened.
    assert output.count("sessions.clear_expired") == 1
    assert output.count("outbox.requeue") >= 2
