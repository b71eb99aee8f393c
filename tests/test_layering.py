"""Each engine module imports only lower layers, and each third-party library has one home."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lower number = lower layer. A module may import engine modules of a lower layer only;
# formats sit half a layer above deck because foreign layouts reuse its field parsing.
LAYERS = {
    "engine.model": 0,
    "engine.errors": 0,
    # Pure functions of aware datetimes, so the store and everything above agree on days.
    "engine.days": 0,
    "engine.options": 0.5,
    "engine.deck": 1,
    "engine.formats": 1.5,
    "engine.checker": 1,
    "engine.scheduler": 1,
    # Just below store, which applies the migrations when it opens a database.
    "engine.migrations": 1.9,
    "engine.store": 2,
    # Settings are rows of the store, read and validated for session, stats and quiz.py.
    "engine.settings": 2.5,
    "engine.importer": 3,
    "engine.session": 3,
    "engine.stats": 3,
    "engine.ui": 4,
    "quiz": 5,
}

HOMES = {
    "markdown_it": {"engine.deck"},
    "sqlite_utils": {"engine.store", "engine.migrations"},
    "fsrs": {"engine.scheduler"},
    "prompt_toolkit": {"engine.ui"},
    "rich": {"engine.ui", "quiz"},
    "click": {"quiz"},
    "rapidfuzz": {"engine.checker.compiled"},
    "Stemmer": {"engine.checker.words"},
    # Anki >= 2.1.50 packages hold a zstd-compressed collection.
    "zstandard": {"engine.formats.anki"},
}


def _layer(module: str) -> float | None:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in LAYERS:
            return LAYERS[key]
    return None


def _modules() -> list[tuple[str, Path]]:
    found = [("quiz", ROOT / "quiz.py")]
    for path in sorted((ROOT / "engine").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts)
        found.append((name.removesuffix(".__init__"), path))
    return found


def _imports(path: Path, module: str) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            out.append((name, node.lineno))
            # "from engine import deck" imports engine.deck
            if name == "engine":
                out += [(f"engine.{alias.name}", node.lineno) for alias in node.names]
    return out


def test_every_engine_module_has_a_layer():
    missing = [m for m, _ in _modules() if m != "engine" and _layer(m) is None]
    assert not missing, f"add these modules to LAYERS in {__file__}: {missing}"


def test_no_module_imports_a_higher_layer():
    problems = []
    for module, path in _modules():
        mine = _layer(module)
        if mine is None:
            continue
        for name, line in _imports(path, module):
            theirs = _layer(name)
            if theirs is None or name == module:
                continue
            same_package = name.split(".")[:2] == module.split(".")[:2]
            if theirs > mine or (theirs == mine and not same_package and mine > 0):
                problems.append(f"{path.relative_to(ROOT)}:{line}: {module} imports {name}")
    assert not problems, "\n".join(problems)


def test_third_party_libraries_stay_in_their_home():
    stdlib = set(sys.stdlib_module_names)
    problems = []
    for module, path in _modules():
        for name, line in _imports(path, module):
            top = name.split(".")[0]
            if top in stdlib or top in ("engine", "quiz", "__future__", ""):
                continue
            home = HOMES.get(top)
            if home is None:
                problems.append(f"{path.relative_to(ROOT)}:{line}: {top} has no home in HOMES")
            elif module not in home:
                problems.append(f"{path.relative_to(ROOT)}:{line}: {top} belongs in {home}")
    assert not problems, "\n".join(problems)
