"""Background work of applications."""
