"""Helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ekinerja_tutor.bootstrap import Services, open_services
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.settings import Settings

CLI_OPERATOR = Principal(
    account_id=None, username="cli", roles=frozenset({Role.ADMIN, Role.TRAINER})
)
"""Whoever runs the command on the server: the database's owner, acting as admin/trainer."""


def services_for(args: argparse.Namespace, *, seed: bool = True) -> Services:
    """Open the configured database; an empty embedded database is seeded first."""
    settings = Settings.resolve(args.db)
    services = open_services(settings)
    if seed and settings.embedded and not services.seeding.is_seeded():
        services.seeding.rebuild()
    return services


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
