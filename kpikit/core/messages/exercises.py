"""Exercises: the checks' verdicts, hints, progress and the exercise notebooks' labels."""

MESSAGES: dict[str, dict[str, str]] = {
}
