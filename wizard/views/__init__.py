"""What the wizard shows, as plain data and words: no Textual here, so it is tested without a
screen and the headless commands may use it too."""
