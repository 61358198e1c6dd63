"""The strategy app's pages, split by sub-domain."""
