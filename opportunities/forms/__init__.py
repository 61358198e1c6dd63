"""The opportunity forms, split by sub-domain like the views: spaces, activities, needs."""
