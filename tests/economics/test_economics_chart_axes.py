"""The economics chart reads at phone width: house number ticks, stacked panels.

Before: the hold-versus-cave axis used matplotlib's ``1e6`` offset (ticks -0.25 to -1.75), the
tornado axis read ``-60000``, and the two panels sat side by side, each half of a 390 px page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def figure() -> object:
    from brightline.case.validate import parse_case
    from brightline.economics.analysis import analyse_case
    from brightline.economics.charts import economics_figure

    path = EXAMPLES / "saas-data-residency.yaml"
    loaded = parse_case(path.read_bytes(), str(path))
    result = analyse_case(loaded, seed=0)
    assert result.hold_or_cave is not None and result.costing is not None
    return economics_figure(result, loaded.case.case.currency)


def test_the_panels_are_stacked_one_above_the_other(figure: object) -> None:
    hold, tornado = figure.axes  # type: ignore[attr-defined]
    assert hold.get_subplotspec().get_geometry()[:2] == (2, 1)
    assert hold.get_position().y0 > tornado.get_position().y1


def test_money_ticks_use_thousands_separators_and_no_offset(figure: object) -> None:
    hold, tornado = figure.axes  # type: ignore[attr-defined]
    money = hold.yaxis.get_major_formatter()
    assert money(-1_250_000, 0) == "-1,250,000"
    assert tornado.xaxis.get_major_formatter()(-60_000, 0) == "-60,000"
    assert hold.xaxis.get_major_formatter()(0.25, 0) == "25%"
    figure.canvas.draw()  # type: ignore[attr-defined]
    labels = [tick.get_text() for tick in hold.get_yticklabels() + tornado.get_xticklabels()]
    assert labels and all("e" not in label for label in labels), labels
    assert hold.yaxis.get_offset_text().get_text() == ""
    assert "EUR" in hold.get_ylabel() and "EUR" in tornado.get_xlabel()
