"""authwizard: set up OpenClaw model credentials that work the first time."""

__version__ = "0.1.0"
