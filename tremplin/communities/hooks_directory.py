"""What the directory part adds to the rest of the product (imported by hooks.py)."""
