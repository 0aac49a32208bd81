"""The use cases every adapter calls (CLI today, the web app next): typed in, typed out.

No Typer, Rich, HTTP or flag text here.

Layers (see ``docs/design.md``): the pure core, the playbook and the session store sit before this
package; ``cli/`` and ``web/`` after it. A use case reads the files it is named (through
:mod:`brightline.services.files`), calls the core, and returns the core's results; validation
errors name the use case's *parameter* (``UsageError(..., parameter="count")``) so each adapter
can word it for its interface (the CLI as ``--count``).

Modules, one per family of use cases:

- :mod:`~brightline.services.cases`: load, check, plan, starter case, schema.
- :mod:`~brightline.services.engine`: sweep, warrant gate, GENIUS import.
- :mod:`~brightline.services.offers`: MESO, evaluate an offer, rank bids.
- :mod:`~brightline.services.economics`: BATNA economics, deterrence, simulations.
- :mod:`~brightline.services.sessions`: live sessions, the decision trail, ``next``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brightline.services.cases import (
        CheckResult,
        CheckRun,
        case_schema,
        check_case,
        check_cases,
        load_case,
        parse_context,
        parse_severity,
        plan_case,
        starter_text,
        write_starter_case,
    )
    from brightline.services.files import read_input, read_table

_EXPORTS = {
    "CheckResult": "brightline.services.cases",
    "CheckRun": "brightline.services.cases",
    "case_schema": "brightline.services.cases",
    "check_case": "brightline.services.cases",
    "check_cases": "brightline.services.cases",
    "load_case": "brightline.services.cases",
    "parse_context": "brightline.services.cases",
    "parse_severity": "brightline.services.cases",
    "plan_case": "brightline.services.cases",
    "starter_text": "brightline.services.cases",
    "write_starter_case": "brightline.services.cases",
    "read_input": "brightline.services.files",
    "read_table": "brightline.services.files",
}
"""Where each name of :data:`__all__` lives: resolved on first use (PEP 562), so importing one
use-case module (``services.documents``) does not import every other's dependencies."""

__all__ = [
    "CheckResult",
    "CheckRun",
    "case_schema",
    "check_case",
    "check_cases",
    "load_case",
    "parse_context",
    "parse_severity",
    "plan_case",
    "read_input",
    "read_table",
    "starter_text",
    "write_starter_case",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'brightline.services' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
