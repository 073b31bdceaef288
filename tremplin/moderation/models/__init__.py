"""The moderation tables; one module per concept, imported here."""
