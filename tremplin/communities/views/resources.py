"""Communities pages: the resources part."""
