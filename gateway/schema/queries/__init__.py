"""Root query fields, one module per registry."""
