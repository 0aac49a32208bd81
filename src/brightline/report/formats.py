"""Every document format, keyed by name: one :class:`Document` in, the file's bytes out.

The registry is what the ``doc`` use case and the web app ask ("which formats are there, what
file suffix, what media type?") and :func:`render_bytes` is the one call that writes any kind of
document in any format, so a new kind needs no renderer and a new format no kind.

Markdown and HTML are written by the standard library alone. PDF (through Typst) and DOCX
(through python-docx) need the ``docs`` extra; their modules are imported only when asked for, so
listing the formats or printing ``--help`` never loads a compiler, and a missing extra is a
:class:`~brightline.errors.UsageError` that names the install command.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from brightline.errors import UsageError
from brightline.report.document import Document

DOCS_EXTRA = "pip install 'brightline[docs]'"
"""How to install what PDF and DOCX need."""


@dataclass(frozen=True, slots=True)
class DocumentFormat:
    """One format a document can be written in.

    Attributes:
        name: The format's name as a user asks for it (``pdf``).
        suffix: The file suffix, with its dot (``.pdf``).
        media_type: The MIME type, for the web app's downloads.
        description: What it is for, in a few words (for the format list).
        module: The renderer's module under ``brightline.report``.
        function: The renderer in it: ``Document -> str`` (text formats) or ``-> bytes``.
        library: The import the renderer needs beyond the standard library; empty for none.
    """

    name: str
    suffix: str
    media_type: str
    description: str
    module: str
    function: str
    library: str = ""

    @property
    def binary(self) -> bool:
        """Whether the file is bytes to save, not text to show in a terminal."""
        return bool(self.library)


FORMATS: Mapping[str, DocumentFormat] = MappingProxyType(
    {
        "md": DocumentFormat(
            "md",
            ".md",
            "text/markdown; charset=utf-8",
            "Markdown, to paste into a ticket, a wiki or an email",
            "markdown",
            "render_markdown",
        ),
        "html": DocumentFormat(
            "html",
            ".html",
            "text/html; charset=utf-8",
            "one standalone web page, printable",
            "html",
            "render_html",
        ),
        "pdf": DocumentFormat(
            "pdf",
            ".pdf",
            "application/pdf",
            "A4 PDF typeset by Typst, to send or file",
            "typst",
            "render_pdf",
            library="typst",
        ),
        "docx": DocumentFormat(
            "docx",
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word document, to edit before sending",
            "docx",
            "render_docx",
            library="docx",
        ),
    }
)
"""Every format by name, in the order they are listed to users."""


def document_format(name: str, parameter: str = "format") -> DocumentFormat:
    """The format called ``name`` (``markdown`` is accepted for ``md``), or a UsageError."""
    key = "md" if name.lower() == "markdown" else name.lower()
    found = FORMATS.get(key)
    if found is None:
        raise UsageError(
            f"{name!r} is not a document format; use one of {', '.join(FORMATS)}",
            parameter=parameter,
        )
    return found


def format_for_suffix(suffix: str) -> DocumentFormat | None:
    """The format a file name's suffix (``.pdf``, ``.DOCX``, ``.markdown``) stands for, if any."""
    lowered = suffix.lower()
    if lowered == ".markdown":
        lowered = ".md"
    return next((found for found in FORMATS.values() if found.suffix == lowered), None)


def renderer(found: DocumentFormat) -> Callable[[Document], str | bytes]:
    """The format's render function, importing it (and its library) now.

    Raises:
        UsageError: when the library the format needs is not installed.
    """
    # Whether the library is installed, not an import of it: the DOCX writer reads
    # python-docx's template without importing the package (see report/docx.py).
    if found.library and importlib.util.find_spec(found.library) is None:
        raise UsageError(
            f"{found.name} documents need the docs extra ({found.library} is not installed); "
            f"install it: {DOCS_EXTRA}",
            parameter="format",
        )
    module = importlib.import_module(f"brightline.report.{found.module}")
    function: Callable[[Document], str | bytes] = getattr(module, found.function)
    return function


def render_bytes(document: Document, fmt: str) -> bytes:
    """The document in format ``fmt`` (a name in :data:`FORMATS`), as the file's bytes.

    Text formats are encoded as UTF-8. The result depends on the document alone: the same
    document gives the same bytes, so its SHA-256 can be recorded and checked later.

    Raises:
        UsageError: for an unknown format or a missing ``docs`` extra.
    """
    written = renderer(document_format(fmt))(document)
    return written.encode("utf-8") if isinstance(written, str) else written
