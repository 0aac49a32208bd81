"""Keep ``brightline --help`` fast: Typer's help renderer without the two modules it never uses.

``typer.rich_utils`` (which draws every ``--help`` and usage error) imports ``rich.markdown``
(and through it ``markdown_it``) and ``rich.traceback`` (and through it ``pygments``) at its top,
for Markdown help text and pretty tracebacks. Brightline uses neither: help is Rich markup
(:data:`brightline.cli.groups.MARKUP_MODE`) and pretty exceptions are off. Those imports were
about half of ``--help``'s time. :func:`load_help_renderer` imports ``typer.rich_utils`` with a
stand-in for each of the two classes it takes from them; a stand-in imports the real module the
first time it is called, so nothing breaks if a future Typer does use them. The stand-in modules
are removed from ``sys.modules`` straight after, so any other ``import rich.markdown`` gets the
real module.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}
"""Modules ``typer.rich_utils`` imports at its top, and the class it takes from each."""


def _stand_in(module: str, name: str) -> type:
    """A class that, when called, builds the real ``module.name`` instead."""

    def build(cls: type, *args: Any, **kwargs: Any) -> Any:
        real = getattr(importlib.import_module(module), name)
        return real(*args, **kwargs)

    return type(name, (), {"__new__": build, "__module__": module, "__doc__": f"{module}.{name}"})


def load_help_renderer() -> None:
    """Import ``typer.rich_utils`` without importing the modules of :data:`DEFERRED`.

    Does nothing when it is already imported, or when a deferred module already is (then the
    real one is used and costs nothing more).
    """
    if "typer.rich_utils" in sys.modules or any(module in sys.modules for module in DEFERRED):
        return
    placed = []
    for module, name in DEFERRED.items():
        stand_in = types.ModuleType(module, f"Stand-in for {module} while Typer's help loads.")
        setattr(stand_in, name, _stand_in(module, name))
        sys.modules[module] = stand_in
        placed.append(module)
    try:
        importlib.import_module("typer.rich_utils")
    finally:
        for module in placed:
            del sys.modules[module]
