"""The figures a pledge indicator can be computed from, by the app whose data they count."""
