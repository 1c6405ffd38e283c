"""The headless commands: one verb per module (options + ``run(options) -> Result``), results
in :mod:`.result`, printed only by :mod:`.render`. Never imports Textual or keyring."""
