"""The Textual front end of authwizard. Only this package imports textual (DESIGN §1)."""
