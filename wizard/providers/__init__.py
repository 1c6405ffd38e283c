"""Model providers: the declarative registry and live validation."""
