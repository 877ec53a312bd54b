"""Reads of the awards app, by subject: ``rounds``, ``scores``, ``council``, ``decisions``,
``certificates``, ``honours``, ``benefits`` and ``achievements``. Import from the module of
the subject; this package re-exports nothing."""
