"""A case with a single issue gets a MESO grid at the default request, everywhere it is asked.

The default pairwise difference is two issues; a one-issue case (a leadership call on one term)
cannot meet it, and before the default was capped at the number of issues every adapter refused
the grid ("min_difference must be from 0 to the number of issues (1), got 2") with no way to
change it on the web page. An explicit out-of-range request is still an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factories import minimal_case, to_yaml


def one_issue_case() -> dict[str, Any]:
    """The minimal case reduced to one numeric discount, capped by the standard at 15%."""
    document = minimal_case()
    document["issues"] = [
        {
            "kind": "numeric",
            "id": "discount",
            "name": "Discount",
            "dimension": "price",
            "priority": "high",
            "range": {"min": 0, "max": 20, "step": 1, "unit": "%"},
            "ours": [[0, 20000], [20, 0]],
            "theirs": [[0, 0], [20, 20000]],
        }
    ]
    document["standards"][0]["rule"] = "discount <= 15"
    document["harms"][0]["rule"] = "discount > 15"
    document["reservation"]["value"] = 5000
    return document


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the one-issue case as ``one-issue.yaml``."""
    folder = tmp_path_factory.mktemp("one-issue")
    (folder / "one-issue.yaml").write_text(to_yaml(one_issue_case()), encoding="utf-8")
    return folder


def test_the_service_builds_a_grid_differing_in_the_one_issue(library: Path) -> None:
    from brightline.errors import UsageError
    from brightline.services.offers import MesoOptions, meso_grid

    run = meso_grid(library / "one-issue.yaml", MesoOptions())
    assert run.found, run.result.infeasible
    assert run.result.min_difference == 1
    assert len({offer.outcome["discount"] for offer in run.result.offers}) == len(run.result.offers)
    with pytest.raises(UsageError, match=r"number of issues \(1\), got 2"):
        meso_grid(library / "one-issue.yaml", MesoOptions(min_difference=2))


def test_the_cli_prints_the_grid_and_still_refuses_an_impossible_difference(
    cli: Any, library: Path
) -> None:
    path = str(library / "one-issue.yaml")
    result = cli("meso", path)
    assert result.exit_code == 0, result.output
    assert "MESO grid:" in result.stdout and "must be from 0" not in result.output
    refused = cli("meso", path, "--min-difference", "2")
    assert refused.exit_code == 2
    assert "--min-difference must be from 0 to the number of issues (1), got 2" in refused.output


def test_the_brief_shows_the_grid(library: Path) -> None:
    from brightline.report.markdown import render_markdown
    from brightline.services.documents import build_document

    text = render_markdown(build_document("brief", library / "one-issue.yaml"))
    assert "No grid" not in text and "min_difference" not in text
    assert "discount" in text.lower()


def test_the_web_meso_page_shows_the_grid(library: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from web_support import web_app

    with TestClient(web_app(tmp_path, library)) as client:
        page = client.get("/examples/one-issue/meso")
    assert page.status_code == 200, page.text
    assert "must be from 0" not in page.text and "min_difference" not in page.text
    assert "Offer 1" in page.text or "Offer A" in page.text
