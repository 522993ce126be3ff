"""The hand-over: report headings and the workbook (sheet names, headers, severities, statuses)."""

MESSAGES: dict[str, dict[str, str]] = {
}
