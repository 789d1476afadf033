"""Start the Textual app: paint first, then open the database in a worker."""

from __future__ import annotations


def launch(*, db: str | None = None, lang: str | None = None) -> int:
    from ekinerja_tutor.ui.app import TutorApp

    app = TutorApp(db=db, lang=lang)
    app.run()
    return app.return_code or 0
