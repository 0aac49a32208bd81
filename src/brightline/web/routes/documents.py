"""The Documents page of a case: every kind listed, each one downloaded in each of its formats.

Moved out of ``analysis.py`` so the document pages grow on their own. Each route reads the case's
bytes from its library (by id, never a path), takes the case's computations from this module's
:class:`~brightline.services.analyses.CaseAnalyses` (cached per case content) and hands the kind
and format to the same services function the ``brightline doc`` command uses
(:func:`~brightline.services.documents.produce_document`), so the page refuses what the command
refuses, with the same words.

Three groups of documents:

- from the case alone: a link per format (``GET``, nothing is recorded);
- from one of the case's sessions, picked on the page (``?session=ID``): the trail and the
  concession log are links; a counter, a pause or a walk-away is *sent*, so it is recorded in
  the session's trail with its SHA-256, and is a form (``POST``, with the CSRF token) that only
  a member who may run sessions can submit;
- from a bids table uploaded with the form (a tender only): one bidder's notice (the bidder
  named in the form, as the table names it), the bid matrix, and a tender's counter, which
  answers one bidder's bid and goes to that bidder alone.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from brightline.errors import UsageError
from brightline.services.analyses import CaseAnalyses, case_document
from brightline.services.document_choices import (
    DocumentOffer,
    document_offers,
    session_document_offers,
    table_document_offers,
)
from brightline.session import roles
from brightline.web.access import Access, case_library, requires
from brightline.web.actions import action_text
from brightline.web.workbench import Workbench

if TYPE_CHECKING:
    from brightline.report.context import CaseContext

Viewer = Annotated[Access, Depends(requires(roles.Action.VIEW))]
"""Building a document to download changes nothing, so any member of the team may."""

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
"""What a downloaded document is, by format."""

TABLE_SUFFIXES = (".csv", ".xlsx")
"""The bids tables the form takes (the reader decides by the suffix)."""


def _download(content: bytes, fmt: str, name: str) -> Response:
    return Response(
        content,
        media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"),
        headers={"content-disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _safe(text: str) -> str:
    """A file-name part: letters, digits and hyphens only."""
    cleaned = "".join(char if char.isalnum() else "-" for char in text.strip().lower())
    return "-".join(part for part in cleaned.split("-") if part)[:60] or "bidder"


def router(workbench: Workbench) -> APIRouter:
    """The document pages, over one cache of this app's per-case computations."""
    routes = APIRouter()
    analyses = CaseAnalyses()
    pages = workbench.pages

    def source(access: Access, library: str, case_id: str) -> tuple[bytes, str, str]:
        found = case_library(workbench, access, library, case_id)
        return found.data(case_id), f"{case_id}.yaml", f"/{library}/{case_id}"

    def loaded(access: Access, library: str, case_id: str) -> tuple[CaseContext, Path, str]:
        found = case_library(workbench, access, library, case_id)
        data, name, base = source(access, library, case_id)
        return analyses.context(data, name), found.path(case_id), base

    @routes.get("/{library}/{case_id}/documents", response_class=HTMLResponse)
    def documents_page(
        request: Request, access: Viewer, library: str, case_id: str, session: str = ""
    ) -> HTMLResponse:
        data, name, base = source(access, library, case_id)
        context = analyses.context(data, name)
        case = context.loaded.case
        sessions = [info for info in access.sessions.list() if info.case_id == case.case.id]
        chosen = next((info for info in sessions if info.id == session.strip()), None)
        if session.strip() and chosen is None:
            raise UsageError(
                f"{session.strip()!r} is not a session of this case; pick one from the list",
                parameter="session",
            )
        session_offers: tuple[DocumentOffer, ...] = ()
        if chosen is not None:
            events = access.sessions.minutes(chosen.id, internal=True).shown
            session_offers = session_document_offers(context, events)
        return pages.render(
            request,
            "analysis/documents.html",
            {
                "case_id": case_id,
                "library": library,
                "base": base,
                "section": "documents",
                "writable": library == "cases",
                "case": case,
                "offers": document_offers(context),
                "sessions": sessions,
                "chosen": chosen,
                "session_offers": session_offers,
                "table_offers": table_document_offers(context),
                "may_send": access.member.may(roles.Action.RUN_SESSIONS),
                "word": action_text,
            },
        )

    @routes.get("/{library}/{case_id}/documents/{kind}/{fmt}")
    def download_document(
        access: Viewer, library: str, case_id: str, kind: str, fmt: str, session: str = ""
    ) -> Response:
        context, path, _ = loaded(access, library, case_id)
        if not session.strip():
            return _download(case_document(context, path, kind, fmt), fmt, f"{case_id}-{kind}")
        from brightline.report.documents import KINDS
        from brightline.services.documents import DocumentRequest, produce_document

        chosen = KINDS.get(kind)
        if chosen is not None and chosen.audience == "counterpart":
            raise UsageError(
                "a document for the other side written in a session is recorded in its trail: "
                "send it with its button on the session's documents, not by a link",
                parameter="session",
            )
        request = DocumentRequest(kind, path, session=session.strip())
        written = produce_document(request, fmt, sessions=access.sessions, context=context)
        return _download(written.data, fmt, f"{case_id}-{kind}-{session.strip()}")

    @routes.post("/{library}/{case_id}/documents/{kind}")
    def send_document(
        access: Viewer,
        library: str,
        case_id: str,
        kind: str,
        format: Annotated[str, Form()] = "",
        session: Annotated[str, Form()] = "",
        bidder: Annotated[str, Form()] = "",
        bids: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        """A document built from a form: sent from a session, or read from a bids table."""
        from brightline.case.source import MAX_FILE_BYTES
        from brightline.services.documents import DocumentRequest, produce_document

        context, path, _ = loaded(access, library, case_id)  # another team's case: not found
        if not format.strip():
            raise UsageError("is needed: pick the format to download", parameter="format")
        if session.strip() and not access.member.may(roles.Action.RUN_SESSIONS):
            raise UsageError(
                "sending a document from a session records it in the session's trail, which "
                "your role does not allow; ask a member who runs sessions",
                parameter="session",
            )
        with tempfile.TemporaryDirectory(prefix="brightline-bids-") as folder:
            table: Path | None = None
            if bids is not None and bids.filename:
                suffix = Path(bids.filename).suffix.lower()
                if suffix not in TABLE_SUFFIXES:
                    raise UsageError(
                        f"{bids.filename!r} is not a CSV or XLSX bids table", parameter="bids"
                    )
                data = bids.file.read(MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:
                    raise UsageError("is larger than the upload limit", parameter="bids")
                table = Path(folder) / f"bids{suffix}"
                table.write_bytes(data)
            request = DocumentRequest(
                kind,
                path,
                session=session.strip() or None,
                bidder=bidder.strip() or None,
                bids=table,
            )
            written = produce_document(
                request,
                format,
                file_name=f"{case_id}-{kind}.{format}",
                sessions=access.sessions,
                context=context,
                member=access.member if access.team_mode else None,
            )
        name = f"{case_id}-{kind}" + (f"-{_safe(bidder)}" if bidder.strip() else "")
        return _download(written.data, format.strip().lower(), name)

    return routes
