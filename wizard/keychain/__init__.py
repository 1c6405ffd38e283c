"""The OS keychain as a credential store: OpenClaw keeps only a SecretRef, resolved through an
``exec`` secret provider that authwizard installs (the resolver)."""
