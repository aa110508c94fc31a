"""The secrets a token request sends: confirmed for an imported profile, found, or asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from workbench.core.printable import printable_line
from workbench.core.problems import Problem, ProblemKind
from workbench.core.profiles import Profile, SecretKind
from workbench.core.secret import Secret

if TYPE_CHECKING:
    from workbench.core.profiles.model import ProfileTrust
    from workbench.ui.profiles.questions import ProfileQuestions
    from workbench.ui.profiles.secrets import ProfileSecrets


class TokenSecrets:
    """Finds what a token request needs, asking the user where they must decide.

    ``say`` puts a line in the status bar; ``missing`` reports a secret that cannot be found
    (an unset variable) as a problem. ``waiting`` is True after ``find`` returned None
    because the keychain has not answered yet (the request is resumed once it has).
    """

    def __init__(
        self,
        secrets: ProfileSecrets,
        questions: ProfileQuestions,
        say: Callable[[str], None],
        missing: Callable[[Problem], None],
    ) -> None:
        self._secrets = secrets
        self._questions = questions
        self._say = say
        self._missing = missing
        self.waiting = False

    def confirm(self, profile: Profile) -> ProfileTrust | None:
        """For a profile imported from a file: ask before its first token request (and again
        once its host, a secret's source or TLS changed). The trust to record when it was
        confirmed now, ``profile.trust`` when nothing needed asking, None when refused."""
        from workbench.core.profiles.trust import (
            confirmation_rows,
            confirmed,
            needs_confirmation,
        )

        if not needs_confirmation(profile):
            return profile.trust
        if not self._questions.confirm_imported(profile.name, confirmation_rows(profile)):
            self._say(
                f"No token requested: the imported profile {printable_line(profile.name, 80)!r} "
                "was not confirmed, so nothing was sent."
            )
            return None
        return confirmed(profile).trust

    def find(self, profile: Profile, kind: SecretKind, typed: Secret) -> Secret | None:
        """The secret of ``kind`` (``typed``: the form's), or None when there is none now."""
        self.waiting = False
        answer = self._secrets.find(profile, kind, typed)
        if answer.secret is not None:
            return answer.secret
        if answer.waiting:
            self.waiting = True
            self._say(
                "Reading the secret from the keychain; the request follows when it arrives "
                "(unlock the keychain if it asks)."
            )
            return None
        if answer.must_ask:
            asked = self._questions.ask_secret(kind, profile.name)
            if not asked:
                self._say("No token requested: no secret was given")
                return None
            self._secrets.remember_for_run(profile.profile_id, kind, asked)
            return asked
        label = kind.value.replace("-", " ")
        self._missing(
            Problem(
                kind=ProblemKind.BAD_CLIENT_CREDENTIALS,
                title=answer.missing,
                explanation=f"The profile reads its {label} from the environment.",
                likely_cause="The workbench was started without that variable.",
                suggested_action="Set the variable and restart, or choose another source.",
                source="workbench",
                wording_is_ours=True,
            )
        )
        self._say(f"No token requested: {answer.missing}")
        return None
