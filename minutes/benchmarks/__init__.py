"""Pages measured by `manage.py bench`.

Each area of the app lists its pages in a module here as `pages()`, returning
`Page` rows: a label, the username that requests it, and a function that
returns the URL (called once, after the data exists). An area that times an
operation rather than pages (the roster import) has `timings()` instead,
returning rows with `label`, `seconds` and `target_seconds`.
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
    target_queries: int = 20


AREAS = ["recording", "review", "oversight", "import"]
# An area whose module name differs from the area's name ("import" is a keyword).
AREA_MODULES = {"import": "register_import"}
