"""Which API layouts a sandbox account serves: the regular one (`/users/{userId}/meetings`, ...) and, for a
master account, also the master-account one (`/accounts/{accountId}/users/{userId}/meetings`, ...).

Both layouts share one state: a meeting created through one path reads back through the other routes of
the same account. A regular account that calls a master-account path gets Zoom's answer for that case
(400, code 300, "This account is not a master account...", as the reference documents it for the
master-only endpoints). The token answer grants the scopes of the account type's own layout: regular
scopes, or the `:master` ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zoom_mcp.sandbox.config import ACCOUNT_TYPES, SandboxConfig
from zoom_mcp.sandbox.errors import ZoomStyleError
from zoom_mcp.sandbox.routing import RouteMatch, RouteTable
from zoom_mcp.sandbox.spec import FileVersion, SpecOperation, file_version, load_operations
from zoom_mcp.sandbox.validation import BodyValidator
from zoom_mcp.variants import is_master_scope

NOT_MASTER_MESSAGE = (
    "This account is not a master account. To get access to this API, enroll your account in the API Partner "
    "Plan and get it made into a master account."
)


@dataclass
class Layout:
    """One API layout: its operations, route table and JSON body validators."""

    name: str
    operations: list[SpecOperation]
    routes: RouteTable = field(init=False)
    by_id: dict[str, SpecOperation] = field(init=False)
    validators: dict[str, BodyValidator] = field(init=False)

    def __post_init__(self) -> None:
        self.routes = RouteTable(self.operations)
        self.by_id = {op.operation_id: op for op in self.operations}
        self.validators = {
            op.operation_id: BodyValidator(op.body_schema)
            for op in self.operations
            if op.body_schema is not None and op.body_content_type == "application/json"
        }

    def scopes(self) -> list[str]:
        return [s for op in self.operations for s in (*op.scopes, *op.granular_scopes)]


_BUILT: dict[tuple[str, FileVersion], Layout] = {}


def layout_of(name: str, spec_path: Path) -> Layout:
    """The layout of the document at `spec_path`, built once per file version like its parse: a layout is
    read-only (routes, body validators), so every sandbox of a test run or an evaluation shares it."""
    version = file_version(spec_path)
    if version is None:
        return Layout(name, load_operations(spec_path))
    key = (name, version)
    if key not in _BUILT:
        _BUILT[key] = Layout(name, load_operations(spec_path))
    return _BUILT[key]


class Layouts:
    """The layouts one sandbox account answers, chosen by `config.account_type`."""

    def __init__(self, config: SandboxConfig) -> None:
        if config.account_type not in ACCOUNT_TYPES:
            raise ValueError(f"account_type must be one of {', '.join(ACCOUNT_TYPES)}; got {config.account_type!r}")
        self.account_type = config.account_type
        self.master = layout_of("master", config.spec_path)
        self.regular = layout_of("regular", config.regular_spec_path)
        self.served = [self.master, self.regular] if self.account_type == "master" else [self.regular]

    @property
    def own(self) -> Layout:
        """The layout of the account type (whose scopes the token grants)."""
        return self.master if self.account_type == "master" else self.regular

    def granted_scopes(self) -> list[str]:
        """What a token of this account grants by default: the `:master` scopes of the master layout, or the
        regular layout's scopes without any `:master` one (Zoom's regular documents list a few `:master`
        alternatives, which an ordinary account cannot hold)."""
        scopes = self.own.scopes()
        if self.account_type == "regular":
            return [scope for scope in scopes if not is_master_scope(scope)]
        return scopes

    def match(self, method: str, api_path: str) -> tuple[RouteMatch | None, bool, Layout | None]:
        """(match, path known for another method, the layout that matched)."""
        known = False
        for layout in self.served:
            found, path_known = layout.routes.match(method, api_path)
            if found is not None:
                return found, True, layout
            known = known or path_known
        if self.account_type == "regular":
            found, path_known = self.master.routes.match(method, api_path)
            if found is not None or path_known:
                raise ZoomStyleError(400, 300, NOT_MASTER_MESSAGE)
        return None, known, None
