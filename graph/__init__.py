"""Records → rdflib graph (the source of truth), SPARQL, SHACL validation, networkx views."""
