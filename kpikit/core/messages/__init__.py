"""The message catalogue, one module per area; German (Swiss spelling, "ss") and English side by side."""
