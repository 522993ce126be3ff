"""Every user-facing string exists in German and English; German uses Swiss spelling."""

import re
import string
from pathlib import Path

import pytest

from kpikit import KPIS
from kpikit.core.i18n import MESSAGES, t

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_message_has_both_languages_with_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == {"de", "en"}
    fields = [{f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f} for lang in ("de", "en")]
    assert fields[0] == fields[1]


def test_no_sharp_s_anywhere_user_facing():
    texts = [m["de"] for m in MESSAGES.values()]
    texts += [k.name_de + k.explain_de for k in KPIS.values()]
    texts.append((ROOT / "kpikit" / "templates" / "company.yaml").read_text())
    texts += [p.read_text() for p in ROOT.glob("datasets/*/company.yaml")]
    texts.append((ROOT / "README.md").read_text())
    offenders = [s for s in texts if "ß" in s]
    assert not offenders


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match=re.escape("Must be one of ['de', 'en']")):
        t("row", "fr", row=1)


def test_no_message_key_is_defined_twice():
    """A key defined in two blocks would silently override the first text."""
    import ast
    from pathlib import Path

    import kpikit.core.i18n as i18n

    tree = ast.parse(Path(i18n.__file__).read_text(encoding="utf-8"))
    keys = [k.value for node in ast.walk(tree) if isinstance(node, ast.Dict)
            for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value in i18n.MESSAGES]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
