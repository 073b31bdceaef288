"""Communities pages: the communities part."""
