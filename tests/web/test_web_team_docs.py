"""docs/how-to/team-roles.md shows the role x action matrix the server checks."""

from __future__ import annotations

from pathlib import Path

from brightline.session.roles import PERMISSIONS, Action, Role

PAGE = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "team-roles.md"


def matrix_table() -> str:
    """The matrix as the page shows it, from PERMISSIONS."""
    lines = ["| action | " + " | ".join(role.value for role in Role) + " |"]
    lines.append("|---|" + "---|" * len(Role))
    for action in Action:
        cells = ("yes" if action in PERMISSIONS[role] else "no" for role in Role)
        lines.append(f"| {action.value} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def test_the_roles_page_shows_the_matrix_of_the_code() -> None:
    text = PAGE.read_text(encoding="utf-8")
    shown = text.split("<!-- matrix:start -->\n", 1)[1].split("\n<!-- matrix:end -->", 1)[0]
    assert shown == matrix_table()
    for action in Action:
        assert f"*{action.value}*" in text or action in {
            Action.REQUEST_APPROVAL,
            Action.DECIDE_APPROVAL,
            Action.MANAGE_TEAM,
        }
