"""The garbage collector paused while `zoom-mcp serve` starts (imports nothing).

Start-up allocates hundreds of thousands of long-lived objects (the SDK's and our modules, pydantic's schemas,
the catalogue) and almost no garbage, yet the collector runs dozens of times over them meanwhile, tens of
milliseconds in all. `cli.main` pauses it before `serve` imports anything heavy; `resume(freeze=True)` turns
it back on once the server is built, after moving every object alive by then to the permanent generation
(`gc.freeze()`), so that later collections do not walk the start-up objects again. Nothing else changes:
garbage made during start-up is only collected later (cycles among start-up objects, if any, stay).
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Turn the collector off until `resume` (does nothing when it is off already)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume(*, freeze: bool = False) -> None:
    """Turn the collector back on if `pause` turned it off; `freeze=True` first moves every live object to the
    permanent generation. Safe to call more than once."""
    global _paused
    if not _paused:
        return
    _paused = False
    if freeze:
        gc.freeze()
    gc.enable()
