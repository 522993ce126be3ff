"""Layer 1, files to frames: readers, number and date parsing, export presets, the canonical schema.

Layer 1, files to frames: readers (CSV, text, XLSX, Parquet), number and date parsing, export presets,
and the schema of the canonical tables the sources are mapped onto.
"""
