"""The privacy tables; one module per concept, imported here."""
