"""Pure data about the outside world: the providers authwizard knows and the shapes of
OpenClaw's files. A leaf: nothing here imports the rest of ``wizard``."""
