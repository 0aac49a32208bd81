"""Example counts for property tests, relative to the Hypothesis profile (tests/conftest.py).

A property test whose examples are expensive (a solver, a brute force, a file parse per example)
asks for fewer examples than the profile's 100 with ``@examples(30)``; every other property test
takes the profile as it is (no ``max_examples`` of its own). The count scales with the profile, so
``BRIGHTLINE_HYPOTHESIS_PROFILE=deep`` (1,000 examples, ten times "ci") runs each test ten times
deeper and ``BRIGHTLINE_FUZZ_EXAMPLES=N`` scales each by N/100: no test keeps a fixed count that a
deeper run cannot reach. The "ci" counts are what the suite's three-minute budget affords; the deep
profile is the nightly or manual run at full strength.
"""

from __future__ import annotations

from typing import Any

from hypothesis import settings

CI_EXAMPLES = 100
"""The "ci" profile's examples, the unit the counts given to :func:`examples` are written in."""


def examples(count: int, **options: Any) -> settings:
    """Settings for ``count`` examples under "ci", scaled by the loaded profile's examples.

    ``options`` are other settings (``derandomize=True``, ...); everything not given comes from the
    loaded profile (no deadline, the health checks it suppresses).
    """
    scaled = max(1, round(count * settings.default.max_examples / CI_EXAMPLES))
    return settings(max_examples=scaled, **options)
