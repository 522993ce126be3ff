"""Project hygiene: environment in step, README commands real, notebooks stripped, import lazy."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec, maxsplit=1)[0].strip().lower().replace("_", "-")


def _bounds(spec: str) -> str:
    return spec[len(_name(spec)):].replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(s): _bounds(s) for s in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    python = [d for d in conda if d.startswith("python")]
    assert python and re.fullmatch(r"python=3\.\d+", python[0]), "pin the Python minor version"
    got = {_name(d): _bounds(d) for d in conda if not d.startswith(("python", "pip"))}
    assert got == wanted


@pytest.mark.parametrize("package", ["jupyterlab", "ipywidgets", "pandas", "seaborn", "papermill", "nbval", "pytest"])
def test_required_dependencies_declared(package):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert package in {_name(s) for s in project["dependencies"]}


def test_console_script_and_dev_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["kpikit"] == "kpikit.cli:main"
    assert "dev" in project["optional-dependencies"]


def test_ruff_configured_for_numpy_docstrings_and_notebooks():
    ruff = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]
    assert ruff["lint"]["pydocstyle"]["convention"] == "numpy"
    assert "*.ipynb" in ruff["extend-include"]


def _make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-zA-Z][\w-]*):", text, flags=re.M))


def test_readme_make_commands_exist_in_makefile():
    readme = (ROOT / "README.md").read_text()
    used = set(re.findall(r"\bmake ([a-z][\w-]*)", readme))
    assert {"demo", "test"} <= used, "README must give the two set-up commands"
    missing = used - _make_targets()
    assert not missing, f"README mentions make targets the Makefile lacks: {sorted(missing)}"


def test_ci_runs_make_test():
    run = (ROOT / ".ci" / "run").read_text()
    assert "make test" in run
    assert "set -e" in run


def _notebooks(root: Path = ROOT):
    """The committed notebooks: not the copies JupyterLab keeps in hidden folders (.ipynb_checkpoints)."""
    found = [*root.glob("notebooks/**/*.ipynb"), *root.glob("exercises/**/*.ipynb")]
    return sorted(p for p in found if not any(part.startswith(".") for part in p.relative_to(root).parts))


def test_checkpoint_copies_are_no_notebooks_of_ours(tmp_path):
    for path in ("notebooks/01_a.ipynb", "notebooks/.ipynb_checkpoints/01_a-checkpoint.ipynb",
                 "exercises/.ipynb_checkpoints/01_b-checkpoint.ipynb", "exercises/01_b.ipynb"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("{}")
    assert [p.relative_to(tmp_path).as_posix() for p in _notebooks(tmp_path)] == [
        "exercises/01_b.ipynb", "notebooks/01_a.ipynb"]


def _recipe(target: str) -> list[str]:
    """The command lines of one Makefile target, continuation lines joined."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    block = re.search(rf"^{target}:.*\n((?:\t.*\n?)*)", text, flags=re.M)
    assert block, target
    return [line.strip() for line in block.group(1).splitlines()]


def test_make_test_removes_checkpoint_folders_before_and_after():
    text = (ROOT / "Makefile").read_text()
    lines = _recipe("test")
    run = next(i for i, line in enumerate(lines) if "pytest" in line)
    expanded = [line.replace("$(CHECKPOINTS)", text.split("CHECKPOINTS :=", 1)[1].splitlines()[0]) for line in lines]
    assert any(".ipynb_checkpoints" in line and "rm -rf" in line for line in expanded[:run])
    after = expanded[run].split("pytest", 1)[1]
    assert ".ipynb_checkpoints" in after and "rm -rf" in after and after.rstrip().endswith("exit $$status")


def test_make_demo_says_how_to_run_kpikit():
    said = " ".join(line for line in _recipe("demo") if "echo" in line)
    assert "$(BIN)/activate" in said and "$(BIN))/kpikit" in said and "make cli" in said
    assert "cli" in _make_targets()


def test_editable_install_without_setuptools_warning_box():
    # setuptools prints its "Editable installation" warning box when it installs a meta path finder; it uses a
    # plain .pth file (no box) when the package folder maps to the project folder. No license classifiers
    # beside an SPDX license (their own deprecation box).
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["tool"]["setuptools"].get("package-dir") == {"": "."}
    assert isinstance(project["project"]["license"], str)
    assert not [c for c in project["project"].get("classifiers", []) if c.startswith("License ::")]


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_notebooks_carry_no_outputs(path):
    nb = json.loads(path.read_text())
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
             and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; strip them before committing"


def test_output_check_catches_a_dirty_notebook(tmp_path):
    # The check above must be able to fail: a notebook with an output is detected.
    nb = {"cells": [{"cell_type": "code", "execution_count": 3, "outputs": [{"output_type": "stream"}],
                     "source": "1", "metadata": {}}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "dirty.ipynb"
    path.write_text(json.dumps(nb))
    with pytest.raises(AssertionError, match="carry outputs"):
        test_committed_notebooks_carry_no_outputs(path)


def test_import_is_lazy():
    code = ("import sys, kpikit; heavy = ['pandas', 'matplotlib', 'seaborn', 'ipywidgets', 'papermill', "
            "'openpyxl', 'pyarrow']; print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_names_resolve_and_all_is_sorted():
    import kpikit

    assert len(set(kpikit.__all__)) == len(kpikit.__all__)  # order: ruff RUF022 (see test_ruff_is_clean)
    for name in kpikit.__all__:
        assert getattr(kpikit, name) is not None


def test_client_folders_are_git_ignored():
    assert "clients/" in (ROOT / ".gitignore").read_text().splitlines()


def test_ruff_is_clean():
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT), "--output-format", "concise"],
                          capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout[-3000:]
