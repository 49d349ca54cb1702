"""Effect estimation built on DoWhy: identify, estimate, refute, explain."""
