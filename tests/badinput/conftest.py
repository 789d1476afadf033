"""Bad-input fixtures: the seeded office of the workspace tests (one build per session)."""

from tests.ui.workspace.conftest import make_app, seeded, ws  # noqa: F401
