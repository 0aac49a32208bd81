"""The JSON form of a document, and the one rule that keeps every command's JSON valid.

``--format json`` prints the machine-readable data of each section under its key. Standard JSON
has no NaN or Infinity (a reader's parser may refuse them), so every document passes through
:func:`finite_json` on its way out, whichever command made it.
"""

from __future__ import annotations

import json

from brightline.amounts import finite_json
from brightline.report.document import Document, JsonValue


def document_json(document: Document) -> dict[str, JsonValue]:
    """``{"case": {"id", "title"}, "<section key>": data, ...}``, every number finite."""
    found: dict[str, JsonValue] = {"case": {"id": document.case_id, "title": document.title}}
    for section in document.sections:
        found[section.key] = section.data
    return finite_json(found)  # type: ignore[no-any-return]


def json_text(data: JsonValue) -> str:
    """Pretty, strictly valid JSON text ending in a newline (a value that is not finite: null)."""
    return (
        json.dumps(finite_json(data), indent=2, ensure_ascii=False, default=str, allow_nan=False)
        + "\n"
    )


def render_json(document: Document) -> str:
    """The document's JSON form (:func:`document_json`) as text."""
    return json_text(document_json(document))
