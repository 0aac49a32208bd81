"""The web workbench: server-rendered pages (FastAPI, Jinja2, htmx) over :mod:`brightline.services`.

An adapter like ``cli/``: each route parses the request, makes one service call and renders a
template. :func:`brightline.web.app.create_app` builds the app from :class:`Settings`; nothing
here is a module-level global that two apps or two requests could share. FastAPI, Jinja2 and
uvicorn come with the ``[web]`` extra and are imported only when the app is built.
"""
