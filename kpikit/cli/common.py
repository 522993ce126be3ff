"""What the commands share: their exit statuses."""

EXIT_OK = 0  # clean
EXIT_FINDINGS = 1  # findings to look at (rejected rows, warnings, failed notebooks)
EXIT_UNUSABLE = 2  # unusable input: one clear paragraph on stderr
