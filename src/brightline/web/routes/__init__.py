"""Page modules: each exposes ``router(workbench) -> APIRouter``, listed in ``app.ROUTE_MODULES``."""
