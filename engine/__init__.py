"""quiz engine: decks, store, checker, scheduler and study session."""
