"""Layer 5, views: what the phase notebooks show (tables, charts, widgets) and the hand-over report."""
