"""Layer 4, checks: goal status, common-mistake checks and diagnoses, each returned as findings."""
