"""The policykg vocabulary: namespaces, the OWL vocabulary and SHACL shapes, IRI minting.

A leaf package: it imports nothing else of policykg.
"""
