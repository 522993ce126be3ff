"""Layer 3, the company: config, validation rules, the ``Company`` type, its cache and scaffold.

Layer 3, the company: ``company.yaml``, the validation rules, the ``Company`` type with its canonical
tables and rejected rows, its cache, and the scaffold of a new company folder.
"""
