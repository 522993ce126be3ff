"""``kpikit new``: scaffold a company folder with a commented company.yaml."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kpikit._errors import ConfigError


def new_company(path: str | Path, *, name: str | None = None, force: bool = False) -> Path:
    """Create ``path`` with ``company.yaml`` (commented template) and an ``exports/`` folder.

    Returns the path of the written company.yaml. Refuses to overwrite unless ``force``.
    """
    folder = Path(path)
    target = folder / "company.yaml"
    if target.exists() and not force:
        raise ConfigError("DIR_EXISTS", file=str(target), path=str(folder))
    (folder / "exports").mkdir(parents=True, exist_ok=True)
    template = resources.files("kpikit").joinpath("templates/company.yaml").read_text(encoding="utf-8")
    label = name or folder.resolve().name.replace("-", " ").replace("_", " ").title()
    target.write_text(template.format(name=_yaml_str(label)), encoding="utf-8")
    return target


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
