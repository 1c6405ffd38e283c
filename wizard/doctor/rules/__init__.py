"""The doctor's checks, one module per concern; each exports ``RULES``, a tuple of
:class:`wizard.doctor.context.Rule` that :mod:`wizard.doctor.engine` runs in order."""
