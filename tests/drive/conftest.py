"""Fixtures of the Practice Drive tests: the services' mini office and the seeded workspace."""

from tests.services import conftest_rules as _rules
from tests.ui.workspace import conftest as _ws

rctx = _rules.rctx
sqlite_template = _rules.sqlite_template
work = _rules.work
seeded = _ws.seeded
ws = _ws.ws
make_app = _ws.make_app
