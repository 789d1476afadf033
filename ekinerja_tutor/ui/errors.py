"""Turning an unexpected failure inside a worker into a message on the screen.

Services raise :class:`TutorError` for every failure a user can cause; anything else (a broken
database file, a dropped connection the persistence layer did not translate) would otherwise
end the app with a traceback, in the middle of someone's sign-in.
"""

from __future__ import annotations

from ekinerja_tutor.domain.errors import TutorError


def as_tutor_error(error: Exception) -> TutorError:
    if isinstance(error, TutorError):
        return error
    detail = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
    return TutorError("error.unexpected", detail=detail)
