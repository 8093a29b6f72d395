"""Pages measured by `manage.py bench`.

Each area of the app lists its pages in a module here as `pages()`, returning
`Page` rows: a label, the username that requests it, and a function that
returns the URL (called once, after the data exists). A page may name a
`before_each` step, run untimed before every request: "the first view after an
edit" edits the meeting through the service before each request it times. An
area that times an operation rather than pages (the roster import) has
`timings()` instead, returning rows with `label`, `seconds` and
`target_seconds`.

`manage.py bench` prepares its own database (migrate, `load_demo`, and
`generate_volume` for the areas in `VOLUME_AREAS`) unless told to use the one
DATABASE_URL names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    label: str
    username: str
    url: Callable[[], str]
    target_ms: float = 150.0
    target_queries: int | None = 20  # None: no target, the count is shown for information
    before_each: Callable[[], None] | None = None


AREAS = ["recording", "review", "oversight", "import"]
# An area whose module name differs from the area's name ("import" is a keyword).
AREA_MODULES = {"import": "register_import"}
# Areas measured on the data of `generate_volume` (as `vol_reviewer`).
VOLUME_AREAS = {"review", "oversight"}
