"""The DOCX writer works from python-docx's template without importing python-docx (speed)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from brightline.report.formats import render_bytes
from document_samples import sample_document

docx = pytest.importorskip("docx")

TESTS = Path(__file__).resolve().parents[1]


def test_writing_a_docx_imports_neither_python_docx_nor_lxml() -> None:
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from document_samples import sample_document;"
        "from brightline.report.formats import render_bytes;"
        "data = render_bytes(sample_document(), 'docx');"
        "print(len(data) > 0, 'docx' in sys.modules, 'lxml' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(TESTS)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["True", "False", "False"], done.stderr


def test_the_template_styles_are_set_as_before() -> None:
    word = docx.Document(io.BytesIO(render_bytes(sample_document(), "docx")))
    normal = word.styles["Normal"]
    assert normal.font.name == "Cambria" and normal.font.size.pt == 10.5
    for name, points in (("Heading 1", 18), ("Heading 2", 13)):
        style = word.styles[name]
        assert style.font.name == "Cambria" and style.font.size.pt == points
        assert str(style.font.color.rgb) == "1D1D1F"
    assert word.styles["List Bullet"] is not None and word.styles["Caption"] is not None
