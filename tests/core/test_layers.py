"""The apps' layers, as docs/architecture.md declares them: an app imports only from the
layers below its own, never from its own layer's other apps nor from above.

Every import counts: at the top of a module, inside a function (where a knot between
apps used to hide), under `TYPE_CHECKING`; so do dotted strings naming another app's
module ("tremplin.plans.sections.case_section") and `apps.get_model("plans", ...)`, which
are imports by another name. An app the document does not list is at the top: it may
use every listed app, and none of them may use it (a new app needs no edit elsewhere).

The checker is tested on small made-up trees as well, so a broken checker cannot pass.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tremplin"
DOC = ROOT / "docs" / "architecture.md"
DOTTED = re.compile(r"^tremplin\.([a-z_]+)(\.|$)")


def declared_layers(text: str) -> list[list[str]]:
    """The fenced ```layers block: one line per layer, lowest first, apps side by side."""
    match = re.search(r"```layers\n(.*?)```", text, re.S)
    assert match, "docs/architecture.md must declare the layers in a ```layers block"
    return [line.split() for line in match.group(1).splitlines() if line.strip()]


@dataclass(frozen=True)
class Use:
    app: str  # the app used
    where: str  # file:line
    how: str  # "import", "string" or "get_model"


def uses_in(source: str, filename: str, package: str = "tremplin") -> list[Use]:
    found: list[Use] = []
    dotted = re.compile(rf"^{package}\.([a-z_]+)(\.|$)")
    for node in ast.walk(ast.parse(source, filename)):
        names: list[str] = []
        how = "import"
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == package:
                names = [f"{package}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names, how = [node.value], "string"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            label = node.args[0].value.split(".")[0]
            names, how = [f"{package}.{label}.models"], "get_model"
        for name in names:
            matched = dotted.match(name)
            if matched:
                found.append(Use(matched.group(1), f"{filename}:{node.lineno}", how))
    return sorted(found, key=lambda use: int(use.where.rsplit(":", 1)[1]))


def violations(tree: Path, layers: list[list[str]], package: str = "tremplin") -> list[str]:
    level = {app: i for i, layer in enumerate(layers) for app in layer}
    top = len(layers)
    apps = sorted(p.parent.name for p in tree.glob("*/__init__.py"))
    found = []
    for app in apps:
        mine = level.get(app, top)
        for path in sorted((tree / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            relative = path.relative_to(tree.parent)
            for use in uses_in(path.read_text(), str(relative), package):
                if use.app == app or use.app not in apps:
                    continue
                theirs = level.get(use.app, top)
                if theirs >= mine:
                    where = "its own layer" if theirs == mine else "a higher layer"
                    found.append(f"{use.where}: {app} uses {use.app} ({where}, {use.how})")
    return found


# ------------------------------------------------------------------ the project


def test_the_layers_are_declared_once_and_name_real_apps():
    layers = declared_layers(DOC.read_text())
    listed = [app for layer in layers for app in layer]
    assert len(listed) == len(set(listed)), "an app is listed twice"
    apps = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert set(listed) <= apps, f"not apps: {set(listed) - apps}"
    assert layers[0] == ["core"]


def test_no_app_imports_from_its_layer_or_above():
    found = violations(PACKAGE, declared_layers(DOC.read_text()))
    assert not found, "imports against docs/architecture.md's layers:\n" + "\n".join(found)


# ------------------------------------------------------------------ the checker itself


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    tree = tmp_path / "pkg"
    for name, text in files.items():
        path = tree / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for app in {name.split("/")[0] for name in files} | {"low", "mid", "side", "high"}:
        (tree / app).mkdir(parents=True, exist_ok=True)
        (tree / app / "__init__.py").touch()
    return tree


LAYERS = [["low"], ["mid", "side"], ["high"]]


def test_the_checker_accepts_imports_downwards(tmp_path):
    tree = _tree(
        tmp_path,
        {
            "high/a.py": "from pkg.mid import x\nimport pkg.low.y\n",
            "mid/a.py": "from pkg.low.models import Z\n",
        },
    )
    assert violations(tree, LAYERS, "pkg") == []


def test_the_checker_refuses_an_import_upwards_even_inside_a_function(tmp_path):
    tree = _tree(tmp_path, {"low/a.py": "def f():\n    from pkg.high.models import X\n"})
    assert violations(tree, LAYERS, "pkg") == [
        "pkg/low/a.py:2: low uses high (a higher layer, import)"
    ]


def test_the_checker_refuses_a_sibling_a_dotted_string_and_get_model(tmp_path):
    tree = _tree(
        tmp_path,
        {
            "mid/a.py": (
                "import pkg.side\n"
                "PATHS = ['pkg.high.tasks.run']\n"
                "def f(apps):\n    return apps.get_model('high', 'Thing')\n"
            ),
        },
    )
    assert violations(tree, LAYERS, "pkg") == [
        "pkg/mid/a.py:1: mid uses side (its own layer, import)",
        "pkg/mid/a.py:2: mid uses high (a higher layer, string)",
        "pkg/mid/a.py:4: mid uses high (a higher layer, get_model)",
    ]


def test_an_app_the_document_does_not_list_is_at_the_top(tmp_path):
    tree = _tree(
        tmp_path,
        {"new/a.py": "from pkg.high import x\n", "high/b.py": "from pkg.new import y\n"},
    )
    assert violations(tree, LAYERS, "pkg") == [
        "pkg/high/b.py:1: high uses new (a higher layer, import)"
    ]
