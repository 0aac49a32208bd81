"""GENIUS XML import: values equal GENIUS utility, reservations carried, clear errors (exit 2)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from brightline.case import parse_case
from brightline.case.genius import import_genius, to_case_yaml
from brightline.errors import InputFileError
from conftest import GENIUS

DOMAIN = """<negotiation_template>
<utility_space number_of_issues="2">
<objective index="0" name="root" type="objective" etype="objective">
  <issue index="1" name="Price tier" type="discrete" etype="discrete">
    <item index="1" value="low"/><item index="2" value="mid"/><item index="3" value="high"/>
  </issue>
  <issue index="2" name="2 Delivery" type="discrete" etype="discrete">
    <item index="1" value="1"/><item index="2" value="4"/>
  </issue>
</objective>
</utility_space>
</negotiation_template>
"""


def profile(
    weights: tuple[float, float],
    price: tuple[int, int, int],
    delivery: tuple[int, int],
    reservation: str = '<reservation value="0.25" />',
    weight_tags: bool = True,
) -> str:
    weight_xml = (
        f'<weight index="1" value="{weights[0]}"/><weight index="2" value="{weights[1]}"/>'
        if weight_tags
        else ""
    )
    return f"""<utility_space>
{reservation}
<objective index="0" name="root" type="objective" etype="objective">
{weight_xml}
  <issue index="1" name="Price tier" type="discrete" etype="discrete">
    <item index="1" value="low" evaluation="{price[0]}"/>
    <item index="2" value="mid" evaluation="{price[1]}"/>
    <item index="3" value="high" evaluation="{price[2]}"/>
  </issue>
  <issue index="2" name="2 Delivery" type="discrete" etype="discrete">
    <item index="1" value="1" evaluation="{delivery[0]}"/>
    <item index="2" value="4" evaluation="{delivery[1]}"/>
  </issue>
</objective>
</utility_space>
"""


OURS = profile((0.6, 0.4), (1, 5, 10), (2, 8))
THEIRS = profile((0.3, 0.7), (10, 4, 2), (6, 3), reservation="")

Writer = Callable[[str, str | bytes], Path]


def _files(write_file: Writer, ours: str = OURS, theirs: str = THEIRS) -> list[str]:
    return [
        str(write_file("domain.xml", DOMAIN)),
        str(write_file("ours.xml", ours)),
        str(write_file("theirs.xml", theirs)),
    ]


def test_values_equal_genius_utility_and_reservations_carry_over() -> None:
    document = import_genius(
        ("d.xml", DOMAIN.encode()), ("o.xml", OURS.encode()), ("t.xml", THEIRS.encode())
    )
    loaded = parse_case(to_case_yaml(document, ("d", "o", "t")).encode(), "imported.yaml")
    case = loaded.case
    price, delivery = case.issues
    assert price.id == "Price_tier" and delivery.id == "i_2_Delivery"
    assert price.value_to_us("mid") == pytest.approx(0.6 * 5 / 10)
    assert price.value_to_them("low") == pytest.approx(0.3)
    assert delivery.value_to_us("4") == pytest.approx(0.4)
    assert delivery.value_to_them("4") == pytest.approx(0.7 * 3 / 6)
    assert case.reservation is not None and case.reservation.value == 0.25
    assert case.their_batna is not None and case.their_batna.value == 0.0
    assert "absent" in case.their_batna.description


def test_cli_import_then_check_and_sweep(
    cli: Callable[..., object], write_file: Writer, tmp_path: Path
) -> None:
    target = tmp_path / "case.yaml"
    result = cli("import-genius", *_files(write_file), "-o", str(target))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    checked = cli("check", str(target))
    assert checked.exit_code in (0, 1), checked.output  # type: ignore[attr-defined]
    swept = cli("sweep", str(target), "--format", "json")
    assert swept.exit_code == 0, swept.output  # type: ignore[attr-defined]
    document = json.loads(swept.stdout)  # type: ignore[attr-defined]
    assert document["frontier"] == document["frontier_unconstrained"]
    again = cli("import-genius", *_files(write_file), "-o", str(target))
    assert again.exit_code == 2 and "--force" in again.output  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("ours", "expected"),
    [
        ("<utility_space><objective>", "not well-formed XML"),
        ('<!DOCTYPE x [<!ENTITY a "b">]><utility_space/>', "declarations are refused"),
        (profile((0.6, 0.4), (1, 5, 10), (2, 8), weight_tags=False), "has no <weight"),
        (OURS.replace('value="high"', 'value="premium"'), "values differ from the domain"),
        (OURS.replace('name="2 Delivery"', 'name="Delivery"'), "is not in the domain"),
        (OURS.replace('evaluation="5"', 'evaluation="five"'), "not a number"),
    ],
)
def test_bad_profiles_exit_2_with_located_messages(
    cli: Callable[..., object], write_file: Writer, ours: str, expected: str
) -> None:
    result = cli("import-genius", *_files(write_file, ours=ours))
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert expected in result.stderr  # type: ignore[attr-defined]
    assert "ours.xml:" in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


def test_malformed_xml_points_at_line_and_column() -> None:
    with pytest.raises(InputFileError) as caught:
        import_genius(("d.xml", b"<a>\n  <b></a>"), ("o.xml", b""), ("t.xml", b""))
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("d.xml", 2)
    assert problem.column > 0


def test_missing_file_exits_2(cli: Callable[..., object], write_file: Writer) -> None:
    files = _files(write_file)
    result = cli("import-genius", files[0], files[1], "nowhere.xml")
    assert result.exit_code == 2
    assert "nowhere.xml" in result.stderr  # type: ignore[attr-defined]


SCENARIOS = {
    "Laptop": (
        "y2011-Laptop",
        "laptop_domain.xml",
        "laptop_buyer_utility.xml",
        "laptop_seller_utility.xml",
    ),
    "Energy": (
        "y2011-Energy",
        "energy_domain.xml",
        "energy_consumer.xml",
        "energy_distributor.xml",
    ),
    "TravelA": ("y2012-TravelA", "Travel-A-domain.xml", "Travel-A-prof1.xml", "Travel-A-prof2.xml"),
}


@pytest.mark.skipif(not GENIUS.exists(), reason="../shared/data/genius is absent")
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_real_anac_domains_import_and_check(
    cli: Callable[..., object], tmp_path: Path, name: str
) -> None:
    folder, *files = SCENARIOS[name]
    paths = [str(GENIUS / folder / file) for file in files]
    target = tmp_path / f"{name}.yaml"
    result = cli("import-genius", *paths, "-o", str(target))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    checked = cli("check", str(target))
    assert checked.exit_code in (0, 1), checked.output  # type: ignore[attr-defined]
    loaded = parse_case(target.read_bytes(), str(target))
    for issue in loaded.case.issues:  # GENIUS normalises each issue by its best evaluation
        assert max(issue.value_to_us(v) for v in issue.values()) > 0


@pytest.mark.skipif(not GENIUS.exists(), reason="../shared/data/genius is absent")
def test_energy_values_equal_genius_utility_read_independently() -> None:
    import itertools
    import xml.etree.ElementTree as ElementTree

    folder = GENIUS / "y2011-Energy"
    files = ("energy_domain.xml", "energy_consumer.xml", "energy_distributor.xml")
    document = import_genius(*((name, (folder / name).read_bytes()) for name in files))
    case = parse_case(to_case_yaml(document, files).encode(), "energy.yaml").case

    def utility(profile: str, outcome: dict[str, str]) -> float:
        root = ElementTree.parse(folder / profile).getroot()
        weights = {w.get("index"): float(w.get("value", "0")) for w in root.iter("weight")}
        total = 0.0
        for issue in root.iter("issue"):
            evaluations = {
                i.get("value"): float(i.get("evaluation", "0")) for i in issue.iter("item")
            }
            value = outcome[str(issue.get("name"))]
            total += weights[issue.get("index")] * evaluations[value] / max(evaluations.values())
        return total

    names = [issue.name for issue in case.issues]
    for picks in itertools.islice(
        itertools.product(*(i.values() for i in case.issues)), 0, 390_625, 39_061
    ):
        outcome = dict(zip(names, map(str, picks), strict=True))
        ours = sum(i.value_to_us(v) for i, v in zip(case.issues, picks, strict=True))
        theirs = sum(i.value_to_them(v) for i, v in zip(case.issues, picks, strict=True))
        assert ours == pytest.approx(utility("energy_consumer.xml", outcome), abs=1e-12)
        assert theirs == pytest.approx(utility("energy_distributor.xml", outcome), abs=1e-12)


def test_import_to_stdout_and_unknown_context(cli: Callable[..., Any], write_file: Writer) -> None:
    result = cli("import-genius", *_files(write_file))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Imported from GENIUS")
    assert parse_case(result.stdout.encode(), "stdout.yaml").case.case.context.value == "sales"
    wrong = cli("import-genius", *_files(write_file), "--context", "sale")
    assert wrong.exit_code == 2
    assert "did you mean 'sales'" in wrong.stderr


def _exact_frontier(folder: Path, ours: str, theirs: str) -> list[tuple[float, float]]:
    """The frontier in rational arithmetic, from the XML read independently."""
    import xml.etree.ElementTree as ElementTree
    from fractions import Fraction

    def utilities(name: str) -> dict[str, dict[str, Fraction]]:
        root = ElementTree.parse(folder / name).getroot()
        weights = {w.get("index"): Fraction(w.get("value", "0")) for w in root.iter("weight")}
        found = {}
        for issue in root.iter("issue"):
            items = {
                i.get("value"): Fraction(i.get("evaluation", "0")) for i in issue if i.tag == "item"
            }
            top = max(items.values())
            found[str(issue.get("name"))] = {
                str(k): weights[issue.get("index")] * v / top for k, v in items.items()
            }
        return found

    def undominated(pairs: list[tuple[Fraction, Fraction]]) -> list[tuple[Fraction, Fraction]]:
        kept: list[tuple[Fraction, Fraction]] = []
        for pair in sorted(set(pairs), key=lambda p: (-p[0], -p[1])):
            if not kept or pair[1] > kept[-1][1]:
                kept.append(pair)
        return kept

    mine, their = utilities(ours), utilities(theirs)
    frontier = [(Fraction(0), Fraction(0))]
    for name, values in mine.items():
        part = undominated([(values[k], their[name][k]) for k in values])
        frontier = undominated([(a[0] + b[0], a[1] + b[1]) for a in frontier for b in part])
    return [(float(o), float(t)) for o, t in frontier]


@pytest.mark.skipif(not GENIUS.exists(), reason="../shared/data/genius is absent")
@pytest.mark.parametrize("name", ["Energy", "TravelA"])
def test_frontier_of_anac_domains_equals_the_exact_rational_frontier(name: str) -> None:
    from brightline.engine import compile_space, pareto_frontier

    folder_name, *files = SCENARIOS[name]
    folder = GENIUS / folder_name
    document = import_genius(*((file, (folder / file).read_bytes()) for file in files))
    loaded = parse_case(to_case_yaml(document, tuple(files)).encode(), f"{name}.yaml")
    frontier = pareto_frontier(compile_space(loaded), [])
    exact = _exact_frontier(folder, files[1], files[2])
    assert len(frontier) == len(exact)
    assert frontier.ours.tolist() == pytest.approx([point[0] for point in exact], abs=1e-12)
    assert frontier.theirs.tolist() == pytest.approx([point[1] for point in exact], abs=1e-12)


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("ours", "needle", "expected"),
    [
        (OURS.replace('value="0.6"', 'value="nan"'), 'weight index="1"', "not a finite number"),
        (OURS.replace('value="0.6"', 'value="inf"'), 'weight index="1"', "not a finite number"),
        (OURS.replace('value="0.6"', 'value="1e999"'), 'weight index="1"', "not a finite number"),
        (OURS.replace('value="0.6"', 'value="-0.6"'), 'weight index="1"', "below 0"),
        (OURS.replace('evaluation="5"', 'evaluation="NaN"'), 'evaluation="NaN"', "finite"),
        (OURS.replace('evaluation="5"', 'evaluation="-inf"'), 'evaluation="-inf"', "finite"),
        (OURS.replace('evaluation="5"', 'evaluation="-5"'), 'evaluation="-5"', "below 0"),
        (OURS.replace('"0.25"', '"nan"'), "<reservation", "not a finite number"),
        (
            OURS.replace('<weight index="2"', '<weight index="1" value="0.1"/><weight index="2"'),
            'value="0.1"',
            "appears twice",
        ),
    ],
)
def test_non_finite_negative_and_duplicate_numbers_are_located_errors(
    ours: str, needle: str, expected: str
) -> None:
    # float() reads "nan", "inf" and "1e999"; they used to become NaN or infinite utilities.
    with pytest.raises(InputFileError) as caught:
        import_genius(("d.xml", DOMAIN.encode()), ("o.xml", ours.encode()), ("t.xml", b""))
    mine = [p for p in caught.value.problems if p.file == "o.xml" and expected in p.message]
    assert mine, caught.value.problems
    assert mine[0].line == _line_of(ours, needle) and mine[0].column > 0
    assert str(mine[0]).startswith(f"o.xml:{mine[0].line}:{mine[0].column}:")


def test_all_negative_evaluations_are_an_error_not_zero() -> None:
    ours = profile((0.6, 0.4), (-1, -5, -10), (2, 8))
    with pytest.raises(InputFileError) as caught:
        import_genius(
            ("d.xml", DOMAIN.encode()), ("o.xml", ours.encode()), ("t.xml", THEIRS.encode())
        )
    assert [p.message.endswith("below 0") for p in caught.value.problems] == [True] * 3


def test_folder_and_missing_arguments_are_named(
    cli: Callable[..., Any], write_file: Writer, tmp_path: Path
) -> None:
    files = _files(write_file)
    result = cli("import-genius", str(tmp_path), files[1], "nowhere.xml")
    assert result.exit_code == 2, result.output
    assert "DOMAIN argument" in result.stderr and "is a folder" in result.stderr
    assert "it holds domain.xml, ours.xml, theirs.xml" in result.stderr
    assert "THEIRS argument 'nowhere.xml' does not exist" in result.stderr
    assert ".yaml" not in result.stderr and ":0:0" not in result.stderr
