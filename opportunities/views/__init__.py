"""The opportunity pages, split by sub-domain: ``spaces`` (portfolio, a space, its log and attachments) and
``needs`` (needs, offers and matches)."""
