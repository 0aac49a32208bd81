"""A proposal that sends an offer below our estimate of their alternative warns the sender.

The MESO page and command say "expect a refusal" for such an offer; the proposal carried the
same grid out with only "wrote ...". The warning reads ``their_batna`` (private), so it goes to
the sender (the service result, the CLI's stderr) and never into the document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brightline.case.model import Context
from brightline.case.templates import starter_case


@pytest.fixture(scope="module")
def demanding(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sales starter with their alternative estimated above every compliant offer."""
    text = starter_case(Context.SALES)
    assert "their_batna:\n  value: 10000\n" in text
    path = tmp_path_factory.mktemp("proposal") / "demanding.yaml"
    path.write_text(
        text.replace("their_batna:\n  value: 10000\n", "their_batna:\n  value: 95000\n")
    )
    return path


def test_the_service_returns_the_warning_and_keeps_it_out_of_the_document(
    demanding: Path,
) -> None:
    from brightline.services.documents import DocumentRequest, produce_document

    written = produce_document(DocumentRequest("proposal", demanding), "md")
    assert written.warnings == (
        "Offers A, B and C are estimated to be worth less to them than their alternative "
        "(95,000 EUR): expect a refusal, or leave them out of the grid before sending",
    )
    text = written.data.decode("utf-8")
    assert "Offer A" in text
    assert "95,000" not in text and "95000" not in text and "refusal" not in text


def test_the_cli_prints_the_warning_after_writing(
    cli: Any, demanding: Path, tmp_path: Path
) -> None:
    output = tmp_path / "proposal.md"
    result = cli("doc", "proposal", str(demanding), "-f", "md", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert "warning: Offers A, B and C are estimated" in result.stderr
    assert "refusal" not in output.read_text(encoding="utf-8")


def test_a_grid_they_prefer_to_their_alternative_gets_no_warning() -> None:
    from brightline.services.documents import DocumentRequest, produce_document

    examples = Path(__file__).resolve().parents[2] / "examples"
    written = produce_document(
        DocumentRequest("proposal", examples / "saas-data-residency.yaml"), "md"
    )
    assert written.warnings == ()
