"""Communities pages: the threads part."""
