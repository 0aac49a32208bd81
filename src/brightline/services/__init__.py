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
