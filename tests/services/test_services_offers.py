"""The offer use cases, called directly with typed arguments (no CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brightline.errors import InputFileError, UsageError
from brightline.offers.bids_numbers import NumberStyle
from brightline.offers.valuation import value_scale
from brightline.services import load_case
from brightline.services.offers import (
    BidsOptions,
    Level,
    MesoOptions,
    evaluate_offer_in,
    meso_grid,
    parse_level,
    rank_bids,
    read_offer,
)
from conftest import EXAMPLES

SAAS = EXAMPLES / "saas-data-residency.yaml"
CITY = EXAMPLES / "city-services-rfp.yaml"
BIDS = EXAMPLES / "city-services-bids.csv"


def test_parse_level_reads_amounts_and_shares() -> None:
    assert parse_level("1500", "tolerance") == Level(1500.0, share=False)
    assert parse_level(" 50% ", "target") == Level(0.5, share=True)
    assert parse_level("1_000", "target") == Level(1000.0)
    with pytest.raises(UsageError) as raised:
        parse_level("lots", "target")
    assert raised.value.parameter == "target"
    assert "--" not in raised.value.message


def test_a_share_of_the_target_is_of_the_way_to_the_best_case() -> None:
    from brightline.engine.space import compile_space

    loaded = load_case(SAAS)
    scale = value_scale(loaded, compile_space(loaded))
    by_share = meso_grid(SAAS, MesoOptions(count=2, target=Level(0.25, share=True)))
    by_amount = meso_grid(SAAS, MesoOptions(count=2, target=Level(scale.at_share(0.25))))
    assert by_share.found
    assert [offer.outcome for offer in by_share.result.offers] == [
        offer.outcome for offer in by_amount.result.offers
    ]
    for offer in by_share.result.offers:
        assert offer.ours >= scale.at_share(0.25) - 1e-6


@pytest.mark.parametrize(
    ("options", "parameter"),
    [
        (MesoOptions(count=9), "count"),
        (MesoOptions(time_limit=0.0), "time_limit"),
        (MesoOptions(tolerance=Level(-1.0)), "tolerance"),
        (MesoOptions(min_dimensions=99), "min_dimensions"),
    ],
)
def test_meso_refusals_name_the_parameter(options: MesoOptions, parameter: str) -> None:
    with pytest.raises(UsageError) as raised:
        meso_grid(SAAS, options)
    assert raised.value.parameter == parameter
    assert "--" not in raised.value.message


def test_read_offer_tells_pairs_from_a_file(tmp_path: Path) -> None:
    case = load_case(SAAS).case
    issues = [issue.id for issue in case.issues]
    pairs = ",".join(f"{issue.id}={issue.values()[0]}" for issue in case.issues)
    from_text = read_offer(pairs, case)
    assert list(from_text) == issues
    file = tmp_path / "offer.yaml"
    file.write_text(
        "".join(f"{issue.id}: {issue.values()[0]}\n" for issue in case.issues), encoding="utf-8"
    )
    assert read_offer(str(file), case) == from_text
    named_with_equals = tmp_path / "a=b.yaml"
    named_with_equals.write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    assert read_offer(str(named_with_equals), case) == from_text


def test_an_offer_typed_as_text_is_located_at_its_parameter() -> None:
    case = load_case(SAAS).case
    with pytest.raises(InputFileError) as raised:
        read_offer("nonsense=1", case)
    assert raised.value.parameter == "offer"
    assert {problem.file for problem in raised.value.problems} == {"offer"}
    with pytest.raises(InputFileError) as empty:
        read_offer("   ", case)
    assert empty.value.parameter == "offer"


def test_evaluate_offer_in_a_case() -> None:
    case = load_case(SAAS).case
    pairs = ",".join(f"{issue.id}={issue.values()[0]}" for issue in case.issues)
    run = evaluate_offer_in(SAAS, pairs)
    assert run.loaded.case.case.id == case.case.id
    assert run.evaluation.recommendation is not None


def test_rank_bids_and_the_sheet_of_a_csv() -> None:
    run = rank_bids(CITY, BIDS, BidsOptions(number_style=NumberStyle.POINT))
    assert run.result.recommendation["action"] == "best-and-final"
    assert not run.needs_fixing
    with pytest.raises(UsageError) as raised:
        rank_bids(CITY, BIDS, BidsOptions(sheet="Bids"))
    assert raised.value.parameter == "sheet"
    assert "--sheet" not in str(raised.value)
