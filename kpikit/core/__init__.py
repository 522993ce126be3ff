"""Layer 0, shared by every layer: messages (de/en), number formats, errors, paths, files.

Imports nothing from the rest of kpikit.
"""
