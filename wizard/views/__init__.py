"""View models: what the screens show, built from the pure layers. No Textual here."""
