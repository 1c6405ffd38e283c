"""One interface for writing credentials (``protocol.Backend``), one implementation per way
OpenClaw reads them: the JSON pair (``json_pair``) or the installed CLI (``openclaw_cli``);
``choose.make_backend`` picks one for the detected release."""
