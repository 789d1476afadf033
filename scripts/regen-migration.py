"""Developer tool: regenerate the initial migration from the models (before the first release).

Until the first release the schema lives in one revision, ``0001``; after it, new revisions
are added with ``ekinerja_tutor.persistence.migrate.generate`` instead.
Run: .venv/bin/python scripts/regen-migration.py
"""

import pathlib
import re
import tempfile

from ekinerja_tutor.persistence import migrate
from ekinerja_tutor.persistence.database import Database, make_engine

versions = pathlib.Path(migrate.__file__).parent / "migrations" / "versions"
target = versions / "0001_initial_schema.py"
target.unlink(missing_ok=True)
with tempfile.TemporaryDirectory() as tmp:
    db = Database(make_engine(f"sqlite:///{tmp}/gen.db"))
    migrate.generate(db, "initial schema")
    db.dispose()
generated = next(versions.glob("*_initial_schema.py"))
revision = generated.name.split("_", 1)[0]
text = generated.read_text().replace(revision, "0001")
text = re.sub(r"Create Date: .*", "Create Date: (regenerated)", text)
generated.unlink()
target.write_text(text)
print(f"wrote {target}")
