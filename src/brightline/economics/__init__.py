"""Economics of holding a standard: BATNA costing, hold-versus-cave, deterrence, simulation.

Pure core (see README.md). Import the submodules directly: ``costing``, ``deterrence``,
``hold_or_cave``, ``mapping``, ``simulator``, ``sweep``, ``analysis``. The case file's
``economics:`` section, the assumptions these models read, is part of the case
(:mod:`brightline.case.economics`): the case sits below economics in the layers and never imports it.
"""
