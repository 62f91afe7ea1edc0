"""Sift's core: resume reading, search, filters and digests, with no chat SDK imported."""
