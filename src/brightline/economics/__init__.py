"""Economics of holding a standard: BATNA costing, hold-versus-cave, deterrence, simulation.

Pure core (see README.md). Import the submodules directly: ``costing``, ``deterrence``,
``hold_or_cave``, ``mapping``, ``simulator``, ``sweep``, ``analysis``. This file imports nothing so
that :mod:`brightline.case.model` can import :mod:`brightline.economics.assumptions` without a cycle.
"""
