"""Layer 2, KPIs: definitions registered with their functions, and the engine that computes them.

Layer 2, KPIs: the registry of definitions with their functions, the engine that computes them per period
and segment on canonical tables, statistics (Wilson intervals, trend tests) and comparisons.
"""
