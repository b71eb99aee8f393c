"""Foreign deck layouts (Q:/A:, details/summary, CSV, Anki) converted to cards."""
