"""The chat platforms live at the edge: bot/ and storage/ never import Slack, Discord or the handlers."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SDKS = ("slack_bolt", "slack_sdk", "discord", "aiohttp")


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", ["bot", "storage"])
def test_core_and_store_import_no_chat_sdk(folder: str):
    offenders = {str(p.relative_to(ROOT)): sorted(m for m in imports(p) if m.split(".")[0] in SDKS)
                 for p in modules(folder)}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_store_does_not_import_the_core_or_the_handlers():
    offenders = {str(p.relative_to(ROOT)): sorted(m for m in imports(p) if m.split(".")[0] in ("bot", "handlers"))
                 for p in modules("storage")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_core_does_not_import_the_handlers():
    # bot/__main__.py is SPEC's `python -m bot`: the one shim that hands over to the command line front end.
    offenders = {str(p.relative_to(ROOT)): sorted(m for m in imports(p) if m.split(".")[0] == "handlers")
                 for p in modules("bot") if p.name != "__main__.py"}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_nothing_is_built_at_import_time_in_the_adapters():
    # STYLE rule 3: no module-level App(...) or Bot(...); build_app/build_bot construct them on request.
    for p in modules("handlers"):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                name = ast.unparse(node.value.func)
                assert not name.endswith(("App", "AsyncApp", "Bot", "Client")), f"{p}: {ast.unparse(node)}"
