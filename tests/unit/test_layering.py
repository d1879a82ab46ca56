"""Streamlit stays at the edges: only app.py, pages/ and src/dashboard/ui/ may import it."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "src" / "dashboard"
ALLOWED = PACKAGE / "ui"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_ui_package_imports_streamlit():
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for path in PACKAGE.rglob("*.py")
        if ALLOWED not in path.parents
        and any(name.split(".")[0] == "streamlit" for name in imported_modules(path))
    ]
    assert offenders == []


def test_the_check_sees_a_streamlit_import(tmp_path):
    # Guard against a check that cannot fail: a file that imports streamlit is caught.
    sample = tmp_path / "sample.py"
    sample.write_text("from streamlit import session_state\n")
    assert "streamlit" in imported_modules(sample)
