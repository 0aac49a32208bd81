"""Use cases of the close and the review: the debrief of one session, and the review across deals.

:class:`Review` is built with the factory that opens the session store (by default the configured
database), like :class:`brightline.services.sessions.Sessions`. ``debrief`` reads one session and
computes the four review questions, the distance from the frontier and the post-settlement
improvement (:mod:`brightline.session.debrief`); ``record_answers`` keeps our subjective view in
the trail; ``across`` reads every session for the review across deals.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brightline.errors import UsageError
from brightline.session.debrief import Debrief, build_debrief

if TYPE_CHECKING:
    from brightline.report.document import Document
    from brightline.services.sessions import Recorded
    from brightline.session.review import AcrossDeals
    from brightline.session.store import SessionStore

StoreFactory = Callable[[], "SessionStore"]
"""Opens a session store (a context manager that closes it)."""


def default_store() -> SessionStore:
    """The configured session store (``BRIGHTLINE_DATABASE_URL``, else the user's SQLite file)."""
    from brightline.session.store import open_store

    return open_store()


class Review:
    """The debrief and review use cases over one store factory."""

    def __init__(self, open_store: StoreFactory | None = None) -> None:
        self._open = open_store or default_store

    def debrief(self, session_id: str, today: datetime.date | None = None) -> Debrief:
        """Plan against what happened for one session (see the module docstring).

        Raises:
            SessionNotFound: for an unknown session id.
            TrailDamaged: when the trail cannot be read.
        """
        with self._open() as store:
            info = store.info(session_id)
            loaded = store.snapshot(session_id)
            events = store.events(session_id)
            trail = store.verify(session_id)
        return build_debrief(info, loaded, events, trail, today or datetime.date.today())

    def debrief_run(
        self,
        session_id: str,
        *,
        ratings: dict[str, int | None] | None = None,
        note: str = "",
        author: str | None = None,
        chart: Path | None = None,
        embed_chart: bool = False,
        today: datetime.date | None = None,
    ) -> DebriefRun:
        """Record the answers given (if any), then the debrief as a document, with its chart.

        Args:
            session_id: The session.
            ratings: Subjective-value answers by question (see :meth:`record_answers`).
            note: A note kept with the answers.
            author: Who records the answers.
            chart: Write the concession chart to this .png or .svg file.
            embed_chart: Put the chart into the document as SVG (formats that can draw it).
            today: The day dates are judged against (default: today).

        Raises:
            UsageError: for a chart file name that is not .png or .svg, or a rating off the
                scale (both before anything is recorded).
        """
        return _debrief_run(
            self,
            session_id,
            ratings=ratings,
            note=note,
            author=author,
            chart=chart,
            embed_chart=embed_chart,
            today=today,
        )

    def across(
        self,
        *,
        chart: Path | None = None,
        csv: bool = False,
        embed_chart: bool = False,
        today: datetime.date | None = None,
    ) -> ReviewRun:
        """The review over every session in the store, as a document (and CSV when asked).

        Sessions whose trail cannot be read are listed apart, not counted.

        Raises:
            UsageError: for a chart file name that is not .png or .svg.
        """
        return _across(self._open, chart=chart, csv=csv, embed_chart=embed_chart, today=today)

    def record_answers(
        self,
        session_id: str,
        ratings: Mapping[str, int | None],
        note: str = "",
        author: str | None = None,
    ) -> Recorded:
        """Record the subjective-value answers as a ``debrief`` event.

        ``ratings`` are keyed by the questions' names (``outcome``, ``self``, ``process``,
        ``relationship``), each 1 to 7 or None for no answer.

        Raises:
            UsageError: naming the rating outside 1 to 7.
            SessionError: when no answer and no note is given.
        """
        from brightline.services.sessions import Sessions
        from brightline.session.events import EventKind

        fields: dict[str, Any] = {}
        for name, value in ratings.items():
            if name not in PUBLIC_RATINGS:
                raise UsageError(
                    f"no question {name!r}; the questions are {', '.join(PUBLIC_RATINGS)}"
                )
            if value is not None and not 1 <= value <= 7:
                raise UsageError(
                    f"{value} is not on the 1 to 7 scale; give 1 (very dissatisfied) to 7 "
                    "(very satisfied)",
                    parameter=name,
                )
            fields[PUBLIC_RATINGS[name]] = value
        fields["note"] = note
        return Sessions(self._open).record(session_id, EventKind.DEBRIEF, fields, author)


# --- the debrief as a document, with its chart ----------------------------------------------


@dataclass(frozen=True, slots=True)
class DebriefRun:
    """What ``debrief`` shows: the document, the answers just recorded, the chart file written.

    Attributes:
        debrief: The computed debrief.
        document: It as a report document (with the concession chart as SVG when embedded).
        recorded: The ``debrief`` event just recorded, when answers were given.
        chart: The chart file written, when one was asked for.
    """

    debrief: Debrief
    document: Document
    recorded: Recorded | None
    chart: Path | None


PUBLIC_RATINGS = {
    "outcome": "outcome",
    "self": "self_image",
    "process": "process",
    "relationship": "relationship",
}
"""The subjective-value questions as the user names them -> the debrief event's fields."""


def _debrief_chart(found: Debrief, image_format: str) -> bytes | None:
    from brightline.services.review_charts import concession_chart

    sizes = found.analysis.sizes
    if not sizes:
        return None
    return concession_chart(
        [size.seq for size in sizes],
        [size.size for size in sizes],
        [size.growing for size in sizes],
        found.positions,
        found.loaded.case.case.currency,
        image_format,
    )


def _write_chart(
    path: Path, draw: Callable[[str], bytes | None], parameter: str = "chart"
) -> Path | None:
    """Draw in the format the file name asks for and write it; None when there is nothing to draw."""
    from brightline.services.charts import chart_format
    from brightline.services.files import write_bytes

    data = draw(chart_format(path, parameter))
    if data is None:
        return None
    write_bytes(path, data)
    return path


def _debrief_run(
    review: Review,
    session_id: str,
    *,
    ratings: dict[str, int | None] | None = None,
    note: str = "",
    author: str | None = None,
    chart: Path | None = None,
    embed_chart: bool = False,
    today: datetime.date | None = None,
) -> DebriefRun:
    from brightline.report.sections.debrief import debrief_document
    from brightline.services.charts import chart_format

    if chart is not None:
        chart_format(chart, "chart")  # refuse a bad name before recording anything
    recorded = None
    given = {name: value for name, value in (ratings or {}).items() if value is not None}
    if given or note.strip():
        recorded = review.record_answers(session_id, given, note, author)
    found = review.debrief(session_id, today)
    svg = _debrief_chart(found, "svg") if embed_chart else None
    written = _write_chart(chart, lambda fmt: _debrief_chart(found, fmt)) if chart else None
    document = debrief_document(found, None if svg is None else svg.decode("utf-8"))
    return DebriefRun(found, document, recorded, written)


# --- across deals -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewRun:
    """What ``review`` shows: the tallies, their document, the CSV and the chart written.

    Attributes:
        found: The review across deals.
        document: It as a report document (with the chart as SVG when embedded).
        csv: The CSV text, when asked for.
        chart: The chart file written, when one was asked for.
    """

    found: AcrossDeals
    document: Document
    csv: str | None
    chart: Path | None


def _review_chart(found: AcrossDeals, image_format: str) -> bytes | None:
    from brightline.services.review_charts import review_chart

    if not found.standards and not found.outcomes:
        return None
    return review_chart(
        [t.id for t in found.standards],
        [t.held for t in found.standards],
        [t.kept for t in found.standards],
        [t.broken for t in found.standards],
        found.outcomes,
        image_format,
    )


def _across(
    open_store: StoreFactory,
    *,
    chart: Path | None,
    csv: bool,
    embed_chart: bool,
    today: datetime.date | None,
) -> ReviewRun:
    from brightline.errors import BrightlineError
    from brightline.report.sections.review import review_csv, review_document
    from brightline.services.charts import chart_format
    from brightline.session.review import across

    if chart is not None:
        chart_format(chart, "chart")
    day = today or datetime.date.today()
    debriefs: list[Debrief] = []
    skipped: list[tuple[str, str]] = []
    with open_store() as store:
        for info in store.sessions():
            try:
                loaded = store.snapshot(info.id)
                events = store.events(info.id)
                trail = store.verify(info.id)
            except BrightlineError as error:
                skipped.append((info.id, str(error)))
                continue
            debriefs.append(build_debrief(info, loaded, events, trail, day))
    found = across(debriefs, skipped)
    svg = _review_chart(found, "svg") if embed_chart else None
    written = _write_chart(chart, lambda fmt: _review_chart(found, fmt)) if chart else None
    document = review_document(found, None if svg is None else svg.decode("utf-8"))
    return ReviewRun(found, document, review_csv(found) if csv else None, written)
