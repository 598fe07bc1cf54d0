"""Everything that leaves the process: serialisations, the map, query results."""
