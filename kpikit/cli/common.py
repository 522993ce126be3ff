"""What the commands share: their exit statuses."""

EXIT_OK = 0  # clean
EXIT_FINDINGS = 1  # findings to look at (rejected rows, warnings, failed notebooks)
EXIT_UNUSABLE = 2  # unusable input, or an output folder that cannot be written: one clear paragraph on stderr
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT); SIGTERM exits with 143 (128 + SIGTERM)
