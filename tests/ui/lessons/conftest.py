"""The workspace fixtures (a seeded office, signed in as darto, fixed clock) for the player."""

from tests.ui.workspace.conftest import make_app, seeded, ws  # noqa: F401
