"""Formats shared by every layer: periods as people say them, names in quotes."""

MESSAGES: dict[str, dict[str, str]] = {
    "period_all": {"de": "gesamt", "en": "overall"},
    "period_week": {"de": "KW {week:02d}/{year}", "en": "W {week:02d}/{year}"},
    "quoted": {"de": "«{name}»", "en": "'{name}'"},
}
