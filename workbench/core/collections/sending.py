"""A saved request made ready to send: its variables gathered from the profile, the collection,
an environment and the caller, secret ones read from the keychain, then resolved."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from workbench.core.calls import ApiRequest
from workbench.core.collections.environments import secret_entry
from workbench.core.collections.model import (
    Collection,
    Environment,
    Field,
    SavedRequest,
    Variable,
)
from workbench.core.collections.starter import profile_variables
from workbench.core.collections.variables import (
    DynamicValues,
    Resolution,
    layered_scope,
    references,
    resolve_request,
)
from workbench.core.profiles import Profile
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore


@dataclass(frozen=True)
class SendContext:
    """Where a saved request's variables come from, later ones winning."""

    profile: Profile
    collection: Collection
    environment: Environment | None = None
    overrides: tuple[Variable, ...] = ()
    """Plain values the caller gives for this send (``workbench call --var``)."""

    def layers(self) -> list[tuple[Variable, ...]]:
        """Profile, collection, environment, caller: the order in which values are looked up."""
        environment = self.environment.variables if self.environment is not None else ()
        return [
            profile_variables(self.profile),
            self.collection.variables,
            environment,
            self.overrides,
        ]


def secret_entries(context: SendContext, request: SavedRequest) -> dict[str, str]:
    """The keychain entries of the secret variables ``request`` uses (directly or through a
    variable's value), by variable name, each from the layer that declares it."""
    declared: dict[str, str] = {}  # name -> environment of the winning declaration ("" = none)
    plain_values: list[str] = []
    environment_name = context.environment.name if context.environment is not None else ""
    for layer, owner in zip(context.layers(), ("", "", environment_name, ""), strict=True):
        for variable in layer:
            if variable.secret:
                declared[variable.name] = owner
            else:
                declared.pop(variable.name, None)
                plain_values.append(variable.value)
    used = set(_references(_texts(request))) | set(_references(plain_values))
    return {name: secret_entry(declared[name], name) for name in sorted(used & declared.keys())}


def secret_values(
    context: SendContext, request: SavedRequest, store: SecretStore
) -> dict[str, Secret]:
    """The keychain values of the secret variables ``request`` uses; no other entry is read."""
    found = {}
    for name, entry in secret_entries(context, request).items():
        secret = store.get_entry(context.profile.profile_id, entry)
        if secret:
            found[name] = secret
    return found


def resolve_saved_request(
    context: SendContext,
    request: SavedRequest,
    secrets: Mapping[str, Secret],
    token: Secret | None,
    dynamic: DynamicValues | None = None,
) -> Resolution:
    """``request`` with every variable replaced, or the problems that stop it."""
    scope = layered_scope(context.layers(), secrets, token=token, dynamic=dynamic)
    return resolve_request(request, scope)


def api_request(resolution: Resolution) -> ApiRequest:
    """What the client sends for a resolved request; its secret values travel with it, so the
    exchange masks them everywhere it is shown or exported."""
    resolved = resolution.request
    if resolved is None:
        raise ValueError(
            "the request has unresolved variables: "
            + "; ".join(str(problem) for problem in resolution.problems)
        )
    return ApiRequest(
        method=resolved.method,
        url=resolved.url,
        headers=resolved.headers,
        body=resolved.body,
        apply_token=resolved.send_token,
        secrets=tuple(sorted(resolution.secrets)),
    )


def has_variables(request: ApiRequest) -> bool:
    """True when the composer's ``request`` holds a ``{{`` anywhere it could resolve one."""
    texts = [request.url, *(part for header in request.headers for part in header)]
    return any("{{" in text for text in texts) or b"{{" in request.body


def template_of(request: ApiRequest) -> SavedRequest:
    """The composer's request as a template to resolve (its query is in its URL)."""
    return SavedRequest(
        name="request",
        method=request.method,
        url=request.url,
        headers=tuple(Field(name, value) for name, value in request.headers),
        body=request.body.decode("utf-8", "replace"),
        send_token=request.apply_token,
    )


def resolved_api_request(request: ApiRequest, resolution: Resolution) -> ApiRequest:
    """``request`` as resolved, keeping how its token is sent."""
    return replace(
        api_request(resolution),
        token_header=request.token_header,
        token_prefix=request.token_prefix,
    )


def _texts(request: SavedRequest) -> list[str]:
    texts = [request.url, request.body]
    for field in (*request.params, *request.headers):
        texts += [field.name, field.value]
    return texts


def _references(texts: Iterable[str]) -> list[str]:
    return [name for text in texts for name in references(text)]
