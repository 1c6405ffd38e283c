"""``authwizard doctor``: findings over the OpenClaw state and the repairs ``--fix`` makes.

``codes`` is the catalogue of findings; ``rules/`` holds the checks, grouped by concern, each
module exporting ``RULES``; ``engine.diagnose`` runs them; ``fixes.plan_fixes`` turns the
findings' actions into a write plan; ``repairs`` is the one right repair of an entry, shared by
the rules (which describe it) and the fixes (which apply it). Pure: imports only
``wizard.core`` and the data modules, never the CLI or the TUI.
"""
