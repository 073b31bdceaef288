"""What this app adds to the rest of the product (see tremplin.core.hooks)."""
