"""The manifest of the 30-day plan: its seven phases, their notebooks and the parameters they take.

>>> [p.number for p in PHASES] == list(range(1, 8))
True
>>> PHASES[0].title("en"), PHASES[0].notebook
('Define goals', '01_ziele_definieren.ipynb')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kpikit.core.errors import KpikitError
from kpikit.core.fmt import parse_as_of
from kpikit.core.i18n import t
from kpikit.core.paths import ROOT

NOTEBOOKS = ROOT / "notebooks"


@dataclass(frozen=True)
class Phase:
    """One phase of the 30-day plan.

    Parameters
    ----------
    number : int
        Its place in the plan, from 1.
    days : str
        The days of the plan it takes (``"1–3"``).
    title_key : str
        The catalogue key of its title (``kpikit.core.messages.report``).
    notebook : str
        The file name of its notebook in ``notebooks/``.
    """

    number: int
    days: str
    title_key: str
    notebook: str

    def title(self, lang: str = "de") -> str:
        """The phase title in ``lang``.

        >>> PHASES[1].title("de")
        'KPIs auswählen'
        """
        return t(self.title_key, lang)


PHASES = (
    Phase(1, "1–3", "REPORT_phase_1", "01_ziele_definieren.ipynb"),
    Phase(2, "4–7", "REPORT_phase_2", "02_kpis_auswaehlen.ipynb"),
    Phase(3, "8–12", "REPORT_phase_3", "03_erfassung_sicherstellen.ipynb"),
    Phase(4, "13–16", "REPORT_phase_4", "04_schulung_mitarbeitende.ipynb"),
    Phase(5, "17–23", "REPORT_phase_5", "05_datenanalyse_starten.ipynb"),
    Phase(6, "24–27", "REPORT_phase_6", "06_ergebnisse_ueberpruefen.ipynb"),
    Phase(7, "28–30", "REPORT_phase_7", "07_anpassungen_vornehmen.ipynb"),
)

# The parameters every phase notebook takes, with their types and defaults.
PARAMETERS = {
    "company_dir": (str, ""),  # company folder; empty = $KPIKIT_COMPANY or the demo company
    "lang": (str, "de"),  # de | en
    "as_of": (str, ""),  # judge periods complete by this date (2026-09-30 or 30.09.2026); empty = end of the data
}


def manifest() -> list[dict]:
    """Phase → days → notebook → parameters, as records.

    Returns
    -------
    list of dict
        One record per phase: ``phase`` (number), ``days``, ``title_de``, ``title_en``, ``notebook``
        (path from the project root) and ``parameters`` (the names every phase notebook takes).

    Examples
    --------
    >>> first = manifest()[0]
    >>> first["phase"], first["days"], first["title_en"], first["notebook"]
    (1, '1–3', 'Define goals', 'notebooks/01_ziele_definieren.ipynb')
    >>> first["parameters"]
    {'company_dir': None, 'lang': None, 'as_of': None}
    """
    return [{"phase": p.number, "days": p.days, "title_de": p.title("de"), "title_en": p.title("en"),
             "notebook": f"notebooks/{p.notebook}", "parameters": dict.fromkeys(PARAMETERS)} for p in PHASES]


def phase_notebooks() -> list[Path]:
    """The notebooks of the seven phases, in order."""
    return [NOTEBOOKS / p.notebook for p in PHASES]


def phase_number(notebook: str) -> int:
    """The number of the phase whose notebook is named ``notebook``; 0 for any other notebook.

    >>> phase_number("05_datenanalyse_starten.ipynb"), phase_number("mine.ipynb")
    (5, 0)
    """
    return next((p.number for p in PHASES if p.notebook == notebook), 0)


def check_parameters(parameters: dict, notebooks: list[Path] | None = None) -> None:
    """Raise ``ValueError`` for a parameter that a phase notebook does not declare, or a bad ``as_of``.

    ``as_of`` is rewritten in place as YYYY-MM-DD (``30.09.2026`` is accepted).

    Parameters
    ----------
    parameters : dict
        The notebook parameters of a run (``lang``, ``as_of``, ...).
    notebooks : list of Path, optional
        The notebooks that will get them; default: the seven phases.
    """
    # papermill takes about a second to import (nbformat's schemas, measured with -X importtime):
    # imported here, the manifest and ``import kpikit.plan`` stay at a few hundredths of a second
    import papermill

    notebooks = notebooks or phase_notebooks()
    if parameters.get("as_of"):  # the notebooks get it as YYYY-MM-DD, also when given as 30.09.2026
        try:
            parameters["as_of"] = parse_as_of(parameters["as_of"])
        except KpikitError as err:
            raise ValueError(f"as_of: {err.message('de')} / {err.message('en')}") from None
    for nb in notebooks:
        known = set(papermill.inspect_notebook(str(nb)))
        unknown = sorted(set(parameters) - known)
        if unknown:
            raise ValueError(
                f"Unbekannter Parameter / unknown parameter {unknown} for {nb.name}. "
                f"Erlaubt / allowed: {sorted(known)}."
            )


def localise(notebook: str | Path, lang: str, out: Path) -> Path:
    """A copy of ``notebook`` whose Markdown cells are in ``lang``.

    The phase notebooks are written in German; each Markdown cell carries its English text in
    ``metadata.kpikit.en``. For ``lang="de"`` the notebook is used as it is.
    """
    import nbformat  # about a second to import (see check_parameters)

    if lang == "de":  # the language the notebooks are written in, not a choice of text
        return Path(notebook)
    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:
        text = cell.get("metadata", {}).get("kpikit", {}).get(lang)
        if cell.cell_type == "markdown" and text:
            cell.source = text
    nbformat.write(nb, str(out))
    return out
