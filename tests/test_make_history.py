"""The script that makes a history for screenshots and benchmarks makes one the app reads."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from stretchdesk.core.store.history import HistoryStore
from stretchdesk.core.views.history_stats import practised_days, streaks

from tests.conftest import REPO


def test_a_few_weeks_of_history(tmp_path):
    path = tmp_path / "history.sqlite3"
    result = subprocess.run([sys.executable, str(REPO / "packaging" / "make_history.py"), "--days", "28",
                             "--until", "2026-11-20", "--out", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with HistoryStore(path) as store:
        records = store.sessions()
    assert 10 <= len(records) <= 40 and result.stdout.startswith(f"{len(records)} sessions over 28 days")
    assert records[0].day >= date(2026, 10, 24) and records[-1].day <= date(2026, 11, 20)
    assert any(record.checkins for record in records) and any(record.finished for record in records)
    assert streaks(practised_days(records), date(2026, 11, 20))[1] >= 2
