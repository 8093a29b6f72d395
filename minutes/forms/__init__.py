"""Forms of the app, one module per area (recording, review, …)."""
