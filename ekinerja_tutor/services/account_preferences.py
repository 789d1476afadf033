"""The signed-in account's own display choices: its language (F2) and theme (F3).

Saved on the account so they come back at the next sign-in, and so the "finding your way"
lesson can check that the learner really switched them (``language_is``, ``theme_set``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ekinerja_tutor.domain.errors import NotFound, PermissionDenied, ValidationError
from ekinerja_tutor.i18n import LANGUAGES, Msg
from ekinerja_tutor.persistence.models import Account
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.audit import snapshot
from ekinerja_tutor.services.context import Service

MAX_THEME_LENGTH: Final = 40


@dataclass(frozen=True)
class PreferencesView:
    language: str
    theme: str


class AccountPreferenceService(Service):
    """Language and theme of the signed-in account (its own only)."""

    def get(self, principal: Principal) -> PreferencesView:
        with self.db.read() as session:
            account = self._account(session, principal)
            return PreferencesView(account.language, account.theme)

    def save(
        self, principal: Principal, *, language: str | None = None, theme: str | None = None
    ) -> PreferencesView:
        """Keep the language and/or theme the learner chose (unchanged ones are not written)."""
        if language is not None and language not in LANGUAGES:
            raise ValidationError("prefs.unknown_language", language=language)
        if theme is not None and not (0 < len(theme) <= MAX_THEME_LENGTH):
            raise ValidationError("prefs.bad_theme")
        with self.db.write() as session:
            account = self._account(session, principal)
            before = snapshot(account, "language", "theme")
            if language is not None:
                account.language = language
            if theme is not None:
                account.theme = theme
            after = snapshot(account, "language", "theme")
            if after != before:
                session.flush()
                self._audit(
                    session,
                    None,
                    principal=principal,
                    action="account.preferences",
                    entity="account",
                    entity_id=account.id,
                    before=before,
                    after=after,
                )
            return PreferencesView(account.language, account.theme)

    @staticmethod
    def _account(session: object, principal: Principal) -> Account:
        if principal.account_id is None:
            raise PermissionDenied(reason=Msg("lesson.needs_account"))
        account = session.get(Account, principal.account_id)  # type: ignore[attr-defined]
        if account is None:
            raise NotFound(what=Msg("noun.account"))
        return account  # type: ignore[no-any-return]
