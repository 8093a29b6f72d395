"""Forms of the register pages."""
