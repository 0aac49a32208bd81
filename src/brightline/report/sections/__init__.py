"""The section builders of every report, one module per part of the domain.

``case`` (the summary), ``lint`` (readiness and pitfalls), ``engine`` (warrant gate and sweep),
``playbook`` (opening moves), ``offers`` (MESO grid, offers received, evaluations) and
``economics``. A builder takes what it shows (a :class:`~brightline.report.context.CaseContext`
for the plan, or the result a command computed) and returns :class:`~brightline.report.Section`
objects; no builder prints, and none lives outside this folder.
"""
