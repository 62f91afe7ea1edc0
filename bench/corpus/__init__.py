"""A labelled synthetic resume corpus from six renderers: `generate.py` writes it, `evaluate.py` scores Sift on it."""
