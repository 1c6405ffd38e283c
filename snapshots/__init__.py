"""Textual SVG snapshot tests of the wizard (baselines in __snapshots__/<module>/)."""
