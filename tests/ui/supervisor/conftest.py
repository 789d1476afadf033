"""Supervisor-seat fixtures: the workspace's seeded office (signed in as darto, whose
supervisor's seat — the Kasubag Umum dan Kepegawaian — has two simulated colleagues)."""

from __future__ import annotations

from tests.ui.workspace.conftest import make_app, seeded, ws  # noqa: F401  (fixtures)
