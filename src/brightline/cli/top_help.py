"""``brightline --help`` drawn without Typer: the command list from a table, laid out as Typer does.

Drawn afresh by Typer, the top-level help costs about 0.3 s: Typer's import (~86 ms), importing
every command module and reading every command's signature (~60 ms) and Rich's layout. Yet what
it shows is fixed data: the usage line, the app's help, the ``--help`` option and each command's
name and first paragraph of help. ``cli/command_table.json`` holds that data, written from
Typer's own command by :func:`table_source` (``python -m brightline.cli.app``, also run by
``scripts/gen_docs.py``), and :func:`draw` prints it with the very Rich renderables, styles and
console settings of ``typer.rich_utils.rich_format_help``; only Rich is imported.

Never stale: the table records a digest of the files the command list is read from
(:func:`source_digest`: ``cli/app.py``, ``cli/groups.py`` and every module of
:data:`~brightline.cli.app.COMMAND_MODULES`). When any of them changes (a new command, an edited
docstring) the digests differ and :func:`draw` declines, so Typer draws the help as before; and
``tests/cli/test_top_help.py`` fails until the table is written again. The same test compares
:func:`draw` with Typer's output, plain and in colour, at every width from 40 to 200 columns.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import sys
from typing import Any

TABLE_FILE = "command_table.json"
"""The generated file (in this package) that holds the table."""

STYLE_OPTION = "bold cyan"
STYLE_SWITCH = "bold green"
STYLE_NEGATIVE_OPTION = "bold magenta"
STYLE_NEGATIVE_SWITCH = "bold red"
STYLE_TYPES = "bold yellow"
STYLE_TYPES_SEPARATOR = "dim"
STYLE_USAGE = "yellow"
STYLE_USAGE_COMMAND = "bold"
STYLE_PANEL_BORDER = "dim"
STYLE_COMMANDS_FIRST_COLUMN = "bold cyan"
"""Typer's default help styles (``typer.rich_utils``), which Brightline does not change."""

OPTION_HIGHLIGHTS = (
    r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])",
    r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
    r"(?P<types>\<[^\>]+\>)",
    r"(?P<usage>Usage: )",
)
NEGATIVE_HIGHLIGHTS = (
    r"(^|\W)(?P<negative_switch>\-\w+)(?![a-zA-Z0-9])",
    r"(^|\W)(?P<negative_option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
)
TYPES_HIGHLIGHTS = (
    r"^(?P<types_sep>(\[|<))",
    r"(?P<types_sep>\|)",
    r"(?P<types_sep>(\]|>))(\.\.\.)?$",
)
"""Typer's three highlighters' patterns (options, negative options, type brackets)."""


def _package_folder() -> str:
    return os.path.dirname(os.path.abspath(__file__))


def source_digest(command_modules: tuple[str, ...]) -> str:
    """SHA-256 over the files the command list is read from (about a millisecond, no imports).

    ``cli/app.py`` (the app's help and which modules register commands), ``cli/groups.py`` (the
    sub-command groups' help) and each module of ``COMMAND_MODULES`` (the commands' names and
    docstrings). A module added to ``COMMAND_MODULES`` changes ``app.py``, so it changes the digest.

    Args:
        command_modules: The app's ``COMMAND_MODULES`` (passed in: no module imports the app).
    """
    digest = hashlib.sha256()
    for name in ("app", "groups", *command_modules):
        path = os.path.join(_package_folder(), f"{name}.py")
        digest.update(name.encode())
        try:
            with open(path, "rb") as source:
                digest.update(source.read())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def _program_name() -> str | None:
    """The program name click shows in "Usage:" (click's ``_detect_program_name``).

    ``brightline`` for the console script, ``python -m brightline`` for the module; None when
    there is no program path to read it from.
    """
    main = sys.modules.get("__main__")
    path = sys.argv[0] if sys.argv else ""
    if main is None or not path:
        return None
    package = getattr(main, "__package__", None)
    if package in (None, ""):
        return os.path.basename(path)
    name = os.path.splitext(os.path.basename(path))[0]
    module = package if name == "__main__" else f"{package}.{name}"
    return f"python -m {module.lstrip('.')}"


def _fits_click_usage(usage: str) -> bool:
    """Whether click writes ``usage`` on one line (its formatter wraps at 50 to 78 columns)."""
    if len(usage) <= 50:
        return True
    import shutil

    return len(usage) <= max(min(shutil.get_terminal_size().columns, 80) - 2, 50)


def draw(command_modules: tuple[str, ...]) -> bool:
    """Print the top-level help as Typer would; False (nothing printed) when the table is stale.

    Also False when the usage line is long enough for click to wrap it: Typer then draws it.

    Args:
        command_modules: The app's ``COMMAND_MODULES``, whose files the table's digest covers.
    """
    import json

    try:
        with open(table_path(), encoding="utf-8") as stored:
            table: dict[str, Any] = json.load(stored)
    except (OSError, ValueError):
        return False
    program = _program_name()
    if program is None or source_digest(command_modules) != table.get("digest"):
        return False
    usage = f"Usage: {program} {table['usage_pieces']}"
    if not _fits_click_usage(usage):
        return False
    _print(table, usage)
    sys.stdout.write("\n")  # click echoes the (empty) formatter text after Typer's panels
    sys.stdout.flush()
    return True


def _panel_table(*, highlight: bool) -> Any:
    """A borderless grid as Typer lays out the rows of its Options and Commands panels."""
    from rich.table import Table

    return Table(
        highlight=highlight,
        show_header=False,
        expand=True,
        box=None,
        show_lines=False,
        leading=0,
        border_style=None,
        row_styles=None,
        pad_edge=False,
        padding=(0, 1),
    )


def _print(table: dict[str, Any], usage: str) -> None:
    """Typer's ``rich_format_help`` for a group with help text, ``--help`` and commands."""
    from rich.align import Align
    from rich.columns import Columns
    from rich.console import Console, group
    from rich.highlighter import RegexHighlighter
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text
    from rich.theme import Theme

    def highlighting(name: str, patterns: tuple[str, ...]) -> Any:
        return type(name, (RegexHighlighter,), {"highlights": list(patterns)})()

    highlighter = highlighting("OptionHighlighter", OPTION_HIGHLIGHTS)
    negative = highlighting("NegativeOptionHighlighter", NEGATIVE_HIGHLIGHTS)
    types = highlighting("TypesHighlighter", TYPES_HIGHLIGHTS)
    environment = os.environ
    width = environment.get("TERMINAL_WIDTH")
    force: bool | None = (
        True
        if environment.get("GITHUB_ACTIONS")
        or environment.get("FORCE_COLOR")
        or environment.get("PY_COLORS")
        else None
    )
    if environment.get("_TYPER_FORCE_DISABLE_TERMINAL"):
        force = False
    console = Console(
        theme=Theme(
            {
                "option": STYLE_OPTION,
                "switch": STYLE_SWITCH,
                "negative_option": STYLE_NEGATIVE_OPTION,
                "negative_switch": STYLE_NEGATIVE_SWITCH,
                "types": STYLE_TYPES,
                "types_sep": STYLE_TYPES_SEPARATOR,
                "usage": STYLE_USAGE,
            }
        ),
        highlighter=highlighter,
        color_system="auto",
        force_terminal=force,
        width=int(width) if width else None,
    )

    def rich_text(text: str) -> Any:
        return highlighter(Text.from_markup(inspect.cleandoc(text), style=""))

    @group()
    def help_text() -> Any:  # one paragraph: table_source refuses more
        yield rich_text(table["help"])

    console.print(Padding(highlighter(usage), 1), style=STYLE_USAGE_COMMAND)
    console.print(Padding(Align(help_text(), pad=False), (0, 1, 1, 1)))
    options = _panel_table(highlight=True)
    for long, kind, text in table["options"]:
        options.add_row(
            highlighter(long),
            highlighter(""),
            negative(""),
            negative(""),
            types(Text(kind, style=STYLE_TYPES, overflow="fold")),
            Columns([rich_text(text)]),
        )
    console.print(
        Panel(options, border_style=STYLE_PANEL_BORDER, title="Options", title_align="left")
    )
    longest = max((len(name) for _, rows in table["panels"] for name, _ in rows), default=0)
    for title, rows in table["panels"]:
        commands = _panel_table(highlight=False)
        commands.add_column(style=STYLE_COMMANDS_FIRST_COLUMN, no_wrap=True, width=longest)
        commands.add_column("Description", justify="left", no_wrap=False, ratio=10)
        for name, text in rows:
            commands.add_row(Text(name), rich_text(text))
        console.print(
            Panel(commands, border_style=STYLE_PANEL_BORDER, title=title, title_align="left")
        )


# --- writing the table ----------------------------------------------------------------------------


def table_source(group: Any, command_modules: tuple[str, ...]) -> str:
    """The text of :data:`TABLE_FILE`, read from Typer's own command.

    Each text is stored as Typer prepares it for the help (the first paragraph of a command's
    help, the app's help on one line), so :func:`draw` only lays it out.

    Args:
        group: The click group Typer built for the app (``brightline.cli.app.command()``).
        command_modules: The app's ``COMMAND_MODULES``.

    Raises:
        ValueError: when the top-level help uses something :func:`draw` does not draw (an
            argument, an option besides ``--help``, a deprecated command, an epilogue, help of
            more than one paragraph).
    """
    import json

    from typer.core import TyperArgument

    context = group.make_context("brightline", ["--help"], resilient_parsing=True)
    options = []
    for parameter in group.get_params(context):
        if isinstance(parameter, TyperArgument) or parameter.secondary_opts:
            raise ValueError(f"the top-level help cannot draw {parameter.name}")
        if getattr(parameter, "hidden", False):
            continue
        if parameter.opts != ["--help"] or parameter.required or parameter.envvar:
            raise ValueError(f"the top-level help draws --help only, not {parameter.opts}")
        text = " ".join(part.strip() for part in (parameter.help or "").split("\n"))
        options.append([parameter.opts[0], parameter.display_type_rich(ctx=context), text])
    panels: dict[str, list[list[str]]] = {}
    for name in group.list_commands(context):
        found = group.get_command(context, name)
        if found is None or found.hidden:
            continue
        if found.deprecated:
            raise ValueError(f"the top-level help cannot draw the deprecated command {name}")
        paragraph = inspect.cleandoc(found.short_help or found.help or "").split("\n\n")[0]
        if paragraph.startswith("\b"):
            paragraph = paragraph.replace("\b\n", "")
        panel = getattr(found, "rich_help_panel", None) or "Commands"
        panels.setdefault(panel, []).append([found.name or "", paragraph.strip()])
    if group.epilog or group.deprecated:
        raise ValueError("the top-level help cannot draw an epilogue or a deprecation")
    help_paragraphs = inspect.cleandoc(group.help or "").partition("\f")[0].split("\n\n")
    if len(help_paragraphs) != 1 or help_paragraphs[0].startswith("\b"):
        raise ValueError("the top-level help draws a help text of one paragraph only")
    ordered = [["Commands", panels.pop("Commands")]] if "Commands" in panels else []
    ordered += [[title, rows] for title, rows in panels.items()]
    table = {
        "written_by": "python -m brightline.cli.app (or scripts/gen_docs.py); do not edit",
        "digest": source_digest(command_modules),
        "usage_pieces": " ".join(group.collect_usage_pieces(context)),
        "help": help_paragraphs[0].replace("\n", " ").strip(),
        "options": options,
        "panels": ordered,
    }
    return json.dumps(table, indent=1, ensure_ascii=False) + "\n"


def table_path() -> str:
    """Where :data:`TABLE_FILE` lives."""
    return os.path.join(_package_folder(), TABLE_FILE)
