"""Root mutation fields, one module per GEMMA pattern group."""
