"""Communities pages: the moderation part."""
