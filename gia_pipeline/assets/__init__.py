"""Python assets, one module per layer."""
