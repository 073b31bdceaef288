"""What the moderation part adds to the rest of the product (imported by hooks.py)."""
