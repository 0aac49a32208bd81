"""Reports: documents built from results, and the renderers that write them (pure, no I/O).

``document`` holds the one model (:class:`Document` of :class:`Section` of blocks), ``context``
the results a report shares (:class:`CaseContext`: one compile per plan), ``plan`` and
``sections/`` the builders, ``markdown`` and ``json`` the renderers. Renderers return text; the
adapters (``cli``, later ``web``) print it or send it. This package imports the core, the
playbook and the session's pure parts, never ``services`` or an adapter.

Import from the modules (``from brightline.report.markdown import render_markdown``): this package
file imports nothing, so an adapter that only prints JSON does not load every section builder.
"""
