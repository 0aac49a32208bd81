"""The team load harness (benchmarks/bench_team_load.py), loaded once for the tests that use it.

The benchmark is a script, not a package; the suite's short load run, the migration test of a
real multi-worker ``serve`` and the PostgreSQL backup test share its server runner and its
throwaway databases instead of copying them.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from conftest import ROOT


def _harness() -> ModuleType:
    path = ROOT / "benchmarks" / "bench_team_load.py"
    spec = importlib.util.spec_from_file_location("bench_team_load", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it is executed
    spec.loader.exec_module(module)
    return module


harness = sys.modules.get("bench_team_load") or _harness()
