"""Allow ``python -m ekinerja_tutor``."""

from ekinerja_tutor.cli import main

raise SystemExit(main())
