"""Load a company folder into validated canonical tables.

``load_company(path)`` reads company.yaml and every source, maps columns and values, parses
numbers and dates, and checks each row. Rows that fail are set aside in ``Company.rejected``
with file, row, column and reason; rows read = rows loaded + rows rejected, always. Input that
cannot be used at all (missing file, missing required column, broken YAML, unknown KPI) raises
one ``KpikitError``.

The steps live apart: ``kpikit.company.config`` reads company.yaml, ``kpikit.sources.read`` the
files, ``kpikit.company.prepare`` fits a source to its file, ``kpikit.company.ingest`` parses and
validates it by the rules of ``kpikit.company.rules``; ``kpikit.company.model`` holds ``Company``.
"""

from __future__ import annotations

from pathlib import Path

from kpikit.company.cache import cache_file, read_cache, write_cache
from kpikit.company.config import Config, read_config
from kpikit.company.ingest import add_source, set_period
from kpikit.company.model import Company
from kpikit.company.prepare import prepare_source
from kpikit.core.errors import DataError
from kpikit.core.paths import company_path
from kpikit.sources.read import read_raw
from kpikit.sources.schema import NO_DATES, ROW_IDS, TABLES


def load_company(path: str | Path, *, lang: str | None = None) -> Company:
    """Read a company folder (company.yaml plus its exports) into a validated ``Company``.

    Parameters
    ----------
    path : str or Path
        The company folder, holding ``company.yaml``; or a YAML file of its own in that folder
        (e.g. a variant of the configuration), whose paths are relative to its folder.
    lang : {"de", "en"}, optional
        Language of the messages in ``rejected``; defaults to the company's language.

    Returns
    -------
    Company
        The validated tables, the rejected rows, the problems found and a report per source. Under
        the plan runner (``$KPIKIT_CACHE`` set), a company loaded before from the same inputs is
        read from its cache.

    Raises
    ------
    KpikitError
        When the input is unusable: one message naming the file, column, row and the fix.
    """
    folder, config_file = Path(path), None
    if folder.is_file() and folder.suffix in (".yaml", ".yml"):
        folder, config_file = folder.parent, folder
    elif not folder.is_dir():
        company_path(folder)  # a symbolic link loop, a path too long, no permission: named as such
        raise DataError("DIR_NOT_FOUND", file=str(folder), path=str(folder))
    config = read_config(folder, config_file)
    lang = lang or config.language
    cache = cache_file(folder, config, lang)
    cached = read_cache(cache)
    if cached is not None:
        return cached
    company = Company(
        name=config.name, currency=config.currency, language=config.language, goals=config.goals,
        kpis=config.kpis, path=folder, conversion_window_days=config.conversion_window_days,
    )
    for spec in config.sources:  # presets are applied by read_config
        file = Path(spec.file)
        full = file if file.is_absolute() else folder / file
        display = spec.file
        if not full.is_file():
            raise DataError("FILE_NOT_FOUND", file=display, table=spec.table)
        options = dict(spec.read)
        options["_expect_columns"] = [v for v in spec.columns.values()
                                      if isinstance(v, str) and v not in (ROW_IDS, NO_DATES)] + [
            c for c in TABLES[spec.table].required if c not in spec.columns and c not in spec.constants
        ]
        raw = read_raw(full, display, options)
        spec, raw = prepare_source(spec, raw, display)  # column alternatives, report total rows
        add_source(company, spec, raw, display, lang)
    set_period(company, _config_period(config))
    if cache is not None:
        write_cache(cache, company)
    return company


def _config_period(config: Config) -> tuple | None:
    start, end = config.period
    if start is None and end is None:
        return None
    return start, end


__all__ = ["load_company"]
