"""Communities pages: the events part."""
