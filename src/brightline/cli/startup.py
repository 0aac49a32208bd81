"""Keep ``brightline --help`` fast: remembered help first, and Typer's renderer made lighter.

Remembered help: a help request the user's terminal has seen before, with the same code and the
same settings, prints what Typer drew then, from a file in the user's cache folder, without
importing Typer or Rich (about a third of ``--help``'s time is Typer's import alone). The file's
name is a digest of everything the drawn text depends on (:func:`help_path`), so the text is
Typer's own by construction; a first request, a resized terminal or an edited command draws it
afresh and remembers it. ``BRIGHTLINE_HELP_CACHE=off`` turns this off.

A lighter renderer, for help drawn afresh: ``typer.rich_utils`` (which draws every ``--help`` and
usage error) imports ``rich.markdown`` (and through it ``markdown_it``) and ``rich.traceback``
(and through it ``pygments``) at its top, for Markdown help text and pretty tracebacks. Brightline
uses neither: help is Rich markup (:data:`brightline.cli.groups.MARKUP_MODE`) and pretty
exceptions are off. Those imports were about half of ``--help``'s time.
:func:`load_help_renderer` imports ``typer.rich_utils`` with a stand-in for each of the two classes
it takes from them; a stand-in imports the real module the first time it is called, so nothing
breaks if a future Typer does use them. The stand-in modules are removed from ``sys.modules``
straight after, so any other ``import rich.markdown`` gets the real module.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import sys
import types
from collections.abc import Callable
from typing import Any

DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}
"""Modules ``typer.rich_utils`` imports at its top, and the class it takes from each."""


def _stand_in(module: str, name: str) -> type:
    """A class that, when called, builds the real ``module.name`` instead."""

    def build(cls: type, *args: Any, **kwargs: Any) -> Any:
        real = getattr(importlib.import_module(module), name)
        return real(*args, **kwargs)

    return type(name, (), {"__new__": build, "__module__": module, "__doc__": f"{module}.{name}"})


def load_help_renderer() -> None:
    """Import ``typer.rich_utils`` without importing the modules of :data:`DEFERRED`.

    Does nothing when it is already imported, or when a deferred module already is (then the
    real one is used and costs nothing more).
    """
    if "typer.rich_utils" in sys.modules or any(module in sys.modules for module in DEFERRED):
        return
    placed = []
    for module, name in DEFERRED.items():
        stand_in = types.ModuleType(module, f"Stand-in for {module} while Typer's help loads.")
        setattr(stand_in, name, _stand_in(module, name))
        sys.modules[module] = stand_in
        placed.append(module)
    try:
        importlib.import_module("typer.rich_utils")
    finally:
        for module in placed:
            del sys.modules[module]


# --- remembered help ------------------------------------------------------------------------------

HELP_CACHE_VARIABLE = "BRIGHTLINE_HELP_CACHE"
"""Set to ``off`` to draw every ``--help`` afresh (and remember nothing)."""

HELP_KEPT = 64
"""How many remembered help texts to keep: each terminal size and edit of the code makes a new one,
so without a bound the folder would only grow (the oldest are removed when a new one is kept)."""

HELP_ENVIRONMENT = (
    "COLUMNS",
    "LINES",
    "TERM",
    "COLORTERM",
    "NO_COLOR",
    "FORCE_COLOR",
    "PY_COLORS",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "TERMINAL_WIDTH",
    "GITHUB_ACTIONS",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "DATABRICKS_RUNTIME_VERSION",
    "TYPER_USE_RICH",
    "_TYPER_FORCE_DISABLE_TERMINAL",
    "_BRIGHTLINE_COMPLETE",
)
"""Every variable Rich or Typer reads to decide how help looks (width, colours, the renderer)."""

_STAMPED_PACKAGES = ("typer", "rich")
"""Installed packages whose version decides how help looks, besides Brightline's own code."""


def help_request(arguments: list[str]) -> bool:
    """Whether ``arguments`` only ask for help: ``--help`` after at most two command words."""
    return (
        1 <= len(arguments) <= 3
        and arguments[-1] == "--help"
        and all(
            word[:1].isalpha() and all(letter.isalnum() or letter == "-" for letter in word)
            for word in arguments[:-1]
        )
    )


def _help_folder() -> str:
    """The user's cache folder for Brightline (where platformdirs puts it), without importing it."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
        return os.path.join(base, "brightline", "Cache", "help")
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches/brightline/help")
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
    return os.path.join(base, "brightline", "help")


def _source_stamp() -> list[tuple[str, int, int]]:
    """Name, size and modification time of every file help is drawn from.

    Brightline's own modules (any of them may hold an option's help or choices), and the top
    module of Typer and Rich, which an upgrade rewrites. Stat calls only: about a millisecond.
    """
    stamp = []
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for folder, _, files in os.walk(package):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                status = os.stat(path)
                stamp.append((path, status.st_size, status.st_mtime_ns))
    for installed in _STAMPED_PACKAGES:
        for entry in sys.path:
            path = os.path.join(entry or ".", installed, "__init__.py")
            try:
                status = os.stat(path)
            except OSError:
                continue
            stamp.append((path, status.st_size, status.st_mtime_ns))
            break
    return stamp


def _terminal_sizes() -> list[tuple[int, int] | None]:
    """The terminal size seen on standard input, output and error (what Rich measures)."""
    sizes: list[tuple[int, int] | None] = []
    for descriptor in (0, 1, 2):
        try:
            size = os.get_terminal_size(descriptor)
        except (OSError, ValueError):
            sizes.append(None)
        else:
            sizes.append((size.columns, size.lines))
    return sizes


def help_path(arguments: list[str]) -> str | None:
    """Where the help for ``arguments`` in this terminal is remembered; None when not to remember.

    The name is a digest of everything the drawn help depends on: the words asked, every
    environment variable of :data:`HELP_ENVIRONMENT`, the terminal's size and whether output is a
    terminal, its encoding, the program name, the Python version and the code (:func:`_source_stamp`). So a wider
    terminal, ``NO_COLOR=1``, an edited command or an upgraded Typer each get help drawn afresh.
    """
    if os.environ.get(HELP_CACHE_VARIABLE, "").lower() == "off" or not help_request(arguments):
        return None
    streams = (sys.stdin, sys.stdout, sys.stderr)
    if any(stream is None for stream in streams):
        return None
    key = repr(
        (
            1,  # the format of this key; raise it when what is remembered changes
            sys.version,
            sys.executable,
            sys.argv[0],  # the program name that "Usage:" shows
            arguments,
            [(name, os.environ.get(name)) for name in HELP_ENVIRONMENT],
            _terminal_sizes(),
            [_is_terminal(stream) for stream in streams],
            getattr(sys.stdout, "encoding", None),
            _source_stamp(),
        )
    )
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return os.path.join(_help_folder(), f"{digest}.txt")


def _is_terminal(stream: Any) -> bool | None:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return None


def print_remembered_help(path: str | None) -> bool:
    """Write the help remembered at ``path`` to standard output; True when there was one."""
    if path is None:
        return False
    try:
        with open(path, encoding="utf-8", newline="") as stored:
            text = stored.read()
    except (OSError, UnicodeDecodeError):
        return False
    sys.stdout.write(text)
    sys.stdout.flush()
    return True


class _Recorder:
    """Standard output that also keeps what is written (everything else goes to the stream)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.written: list[str] = []

    def write(self, text: str | bytes) -> int:
        if isinstance(text, bytes):  # click writes an empty byte string at the end of help
            self.written.append(text.decode(self._stream.encoding or "utf-8"))
        else:
            self.written.append(text)
        return int(self._stream.write(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def remember_help(path: str, draw: Callable[[], int]) -> int:
    """Run ``draw`` (Typer drawing the help) and keep what it printed at ``path`` if it succeeded.

    Nothing is kept when the exit code is not 0 or anything went to standard error (an unknown
    command); a cache folder that cannot be written is simply not used.
    """
    output, errors = _Recorder(sys.stdout), _Recorder(sys.stderr)
    sys.stdout, sys.stderr = output, errors
    try:
        code = draw()
    finally:
        sys.stdout, sys.stderr = output._stream, errors._stream
    if code == 0 and not errors.written:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            partial = f"{path}.{os.getpid()}.part"
            with open(partial, "w", encoding="utf-8", newline="") as stored:
                stored.write("".join(output.written))
            os.replace(partial, path)
        except OSError:
            pass
        else:
            _forget_oldest(os.path.dirname(path), keep=HELP_KEPT)
    return code


def _forget_oldest(folder: str, *, keep: int) -> None:
    """Remove all but the ``keep`` most recently written help texts of ``folder``.

    Runs only when help was drawn afresh (already ~0.15 s), so listing the folder costs nothing a
    user notices; a file another process removes first is not an error.
    """
    try:
        with os.scandir(folder) as entries:
            texts = [
                (entry.stat().st_mtime_ns, entry.path)
                for entry in entries
                if entry.name.endswith(".txt")
            ]
    except OSError:
        return
    texts.sort(reverse=True)
    for _, stale in texts[keep:]:
        with contextlib.suppress(OSError):
            os.remove(stale)
