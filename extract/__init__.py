"""Text → structured records: reading, normalising, structure parsing, entity extraction."""
