"""The case document: models, YAML reading with positions, validation, starter templates.

Pure: no file or network I/O here; callers pass bytes in (see :mod:`brightline.services`).
"""

from brightline.case.model import (
    FORMAT_VERSION,
    Batna,
    BatnaComponent,
    Case,
    CaseInfo,
    Context,
    DiscreteIssue,
    Harm,
    NumericIssue,
    Offer,
    Reservation,
    Safeguard,
    Stage,
    Standard,
    Tradeable,
)
from brightline.case.source import Position, SourceMap
from brightline.case.validate import LoadedCase, parse_case

__all__ = [
    "FORMAT_VERSION",
    "Batna",
    "BatnaComponent",
    "Case",
    "CaseInfo",
    "Context",
    "DiscreteIssue",
    "Harm",
    "LoadedCase",
    "NumericIssue",
    "Offer",
    "Position",
    "Reservation",
    "Safeguard",
    "SourceMap",
    "Stage",
    "Standard",
    "Tradeable",
    "parse_case",
]
