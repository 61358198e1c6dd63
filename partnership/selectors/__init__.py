"""Reads of the partnership: the access rules its steering members add (``access``), the strategy elements and
spaces its records link to and the rules of play (``elements``), and the records themselves (``records``)."""
