"""Exercises: the checks' verdicts, hints, progress and the exercise notebooks' labels."""

MESSAGES: dict[str, dict[str, str]] = {
    # the three outcomes of a check
    "EX_NOT_ATTEMPTED": {"de": "Noch nicht bearbeitet", "en": "Not attempted"},
    "EX_INCORRECT": {"de": "Noch nicht richtig", "en": "Not quite"},
    "EX_CORRECT": {"de": "Richtig", "en": "Correct"},
    "EX_BLANK": {
        "de": "Ersetzen Sie «...» (bzw. None) in der Antwortzelle durch Ihre Antwort und führen Sie "
              "die Zelle erneut aus.",
        "en": "Replace '...' (or None) in the answer cell with your answer and run the cell again.",
    },
    "EX_WELL_DONE": {"de": "Gut gemacht.", "en": "Well done."},
    # hints and solutions
    "EX_HINT": {"de": "Hinweis {n} von {total}", "en": "Hint {n} of {total}"},
    "EX_LAST_HINT": {
        "de": "Das war der letzte Hinweis. Die Lösung zeigt {q}.solution().",
        "en": "That was the last hint. {q}.solution() shows the solution.",
    },
    "EX_NO_HINT": {"de": "Zu dieser Aufgabe gibt es keinen Hinweis.", "en": "This question has no hint."},
    "EX_SOLUTION": {"de": "Lösung", "en": "Solution"},
    # progress
    "EX_QUESTION": {"de": "Aufgabe", "en": "Question"},
    "EX_STATUS": {"de": "Stand", "en": "Status"},
    "EX_ATTEMPTS": {"de": "Versuche", "en": "Attempts"},
    "EX_HINTS": {"de": "Hinweise", "en": "Hints"},
    "EX_SOLUTION_SEEN": {"de": "Lösung angesehen", "en": "Solution viewed"},
    "EX_YES": {"de": "ja", "en": "yes"},
    "EX_NO": {"de": "nein", "en": "no"},
    "EX_SUMMARY": {"de": "{done} von {total} Aufgaben richtig", "en": "{done} of {total} questions correct"},
    "EX_ALL_DONE": {"de": "Alle Aufgaben gelöst – gratuliere!", "en": "All questions solved – well done!"},
    "EX_NONE_LOADED": {"de": "Noch keine Übung geladen.", "en": "No exercise loaded yet."},
    # answers of the wrong kind, and typical slips with numbers
    "EX_NOT_A_NUMBER": {
        "de": "Bitte eine einzelne Zahl angeben (z. B. 0.25 oder 1234.5), keinen Text und keine Tabelle.",
        "en": "Please give a single number (e.g. 0.25 or 1234.5), not text and not a table.",
    },
    "EX_NAN": {
        "de": "Ihre Rechnung ergibt NaN (keine Zahl): Wahrscheinlich wird durch 0 geteilt oder ein Filter lässt "
              "keine Zeilen übrig. Prüfen Sie die Filter.",
        "en": "Your calculation gives NaN (not a number): probably a division by 0, or a filter leaves no rows. "
              "Check the filters.",
    },
    "EX_PERCENT": {
        "de": "Sie haben Prozent angegeben. Bitte als Anteil zwischen 0 und 1 (z. B. 0.25 statt 25).",
        "en": "You gave a percentage. Please give a fraction between 0 and 1 (e.g. 0.25 rather than 25).",
    },
    "EX_OUT_OF_RANGE": {
        "de": "Eine Quote liegt zwischen 0 und 1. Prüfen Sie Zähler und Nenner.",
        "en": "A rate lies between 0 and 1. Check numerator and denominator.",
    },
    "EX_ROUNDED": {
        "de": "Fast: Ihre Zahl liegt nahe, stimmt aber nicht genau. Runden Sie erst am Schluss und prüfen Sie "
              "die Grenzen des Zeitraums.",
        "en": "Almost: your number is close but not exact. Round only at the end and check the bounds of the "
              "period.",
    },
    "EX_UNKNOWN_OPTION": {
        "de": "Bitte genau einen Buchstaben angeben: {options}.",
        "en": "Please give exactly one letter: {options}.",
    },
    "EX_NOT_A_LIST": {
        "de": "Bitte eine Liste angeben, z. B. [\"a\", \"b\"].",
        "en": "Please give a list, e.g. [\"a\", \"b\"].",
    },
    "EX_UNKNOWN_CHANNEL": {
        "de": "Bitte einen der bezahlten Kanäle nennen: {channels}.",
        "en": "Please name one of the paid channels: {channels}.",
    },
    "EX_NOT_A_STEP": {
        "de": "Bitte einen Schritt des Trichters als Text «von → nach» angeben, einen von: {steps}.",
        "en": "Please give one step of the funnel as text 'from → to', one of: {steps}.",
    },
}
