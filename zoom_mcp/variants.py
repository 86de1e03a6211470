"""The two dialects of the Zoom Meetings API and where their files live (no imports: anything may use it).

- `master`: a primary ("master") account acting on its sub accounts; paths under `/accounts/{accountId}`,
  `:master` scopes; 159 operations (tool_specs/tools.json).
- `regular`: what ordinary accounts use; the same operations without the prefix plus operations that exist
  only for them (past meeting participants, transcripts, upcoming meetings, ...); 168 operations
  (tool_specs/tools-regular.json).

A tool for the same operation has the same name in both; `_meta["zoom-mcp/operation"]["variant"]` says which.
"""

from __future__ import annotations

from typing import Final, Literal

Variant = Literal["regular", "master"]
VARIANTS: Final[tuple[Variant, ...]] = ("regular", "master")
MASTER_PREFIX: Final = "/accounts/{accountId}"
CATALOG_FILES: Final[dict[str, str]] = {"master": "tools.json", "regular": "tools-regular.json"}
OPENAPI_FILES: Final[dict[str, str]] = {
    "master": "zoom-meetings.openapi.json",
    "regular": "zoom-meetings-regular.openapi.json",
}


def api_path(master_template: str, variant: str) -> str:
    """A master path template as `variant` spells it: `/accounts/{accountId}/meetings/{meetingId}` ->
    `/meetings/{meetingId}` for regular accounts (Zoom's master endpoints are the regular ones behind the prefix)."""
    if variant == "regular" and master_template.startswith(MASTER_PREFIX + "/"):
        return master_template[len(MASTER_PREFIX) :]
    return master_template


def is_master_scope(scope: str) -> bool:
    """`meeting:read:master`, `meeting:master`, `cloud_recording:read:list_user_recordings:master`."""
    return scope.endswith(":master")


# Operations prompts may name that only the master-account variant has: on a regular server a `{{tool:X}}`
# reference to one renders as this text, so the prompt never names a tool that is not served.
MASTER_ONLY_REFERENCES: Final[dict[str, str]] = {
    "getAccountCloudRecording": "account_recordings_list (master accounts only; not served here)",
}
