"""Building blocks shared by every part of the case model: the strict base class and small types."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

FORMAT_VERSION = 1
Identifier = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z_][A-Za-z0-9_\-]*$",
        max_length=80,
        description="Letters, digits, _ and -, starting with a letter or _.",
    ),
]
OptionValue = str | int | float


class Strict(BaseModel):
    """Base of every case model.

    Unknown keys are errors (a typo must not be ignored), values are validated on assignment, and
    infinite or NaN numbers are refused: no negotiation has an infinite impact, and one such value
    would turn every total it touches into nonsense.
    """

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, frozen=False, allow_inf_nan=False
    )


class Level(StrEnum):
    """A coarse three-step scale used for fragility, power distance and confidence."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Binds(StrEnum):
    """Whose behaviour a standard, constraint or safeguard limits."""

    US = "us"
    THEM = "them"
    BOTH = "both"
