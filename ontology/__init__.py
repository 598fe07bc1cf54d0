"""The policykg vocabulary: concepts, namespaces, the OWL vocabulary and SHACL shapes, IRI
minting. A leaf: it imports nothing else of policykg but the error tree."""

from __future__ import annotations

from policykg.lazy_exports import lazy_exports

# The public API: each name and the module that defines it, imported when first used (the
# command line starts without loading what a command does not need).
_EXPORTS = {
    "Comparator": "ontology.concepts",
    "IriMinter": "ontology.iris",
    "MentionKind": "ontology.concepts",
    "PK": "ontology.namespaces",
    "PREFIXES": "ontology.namespaces",
    "Role": "ontology.concepts",
    "SpanMinter": "ontology.iris",
    "bind_prefixes": "ontology.namespaces",
    "checked_base": "ontology.iris",
    "is_safe_key": "ontology.iris",
    "load_shapes": "ontology.vocabulary",
    "load_vocabulary": "ontology.vocabulary",
    "name_digest": "ontology.iris",
    "name_key": "ontology.iris",
    "sparql_prologue": "ontology.namespaces",
}
__all__ = [
    "PK",
    "PREFIXES",
    "Comparator",
    "IriMinter",
    "MentionKind",
    "Role",
    "SpanMinter",
    "bind_prefixes",
    "checked_base",
    "is_safe_key",
    "load_shapes",
    "load_vocabulary",
    "name_digest",
    "name_key",
    "sparql_prologue",
]
__getattr__ = lazy_exports(__name__, _EXPORTS)
