"""Pure logic: no files, no network, no Textual."""
