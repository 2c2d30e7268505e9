"""Payment providers, one module each; the rest of the app talks to them only through these."""
