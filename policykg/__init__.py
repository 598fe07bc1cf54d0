"""policykg: knowledge graphs from Chinese government work plans."""

from __future__ import annotations

from policykg.lazy_exports import lazy_exports

__version__ = "0.1.0"

# The public API: each name and the module that defines it, imported when first used (the
# command line starts without loading what a command does not need).
_EXPORTS = {
    "lay_over": "policykg.progress_reports",
    "BuildConfig": "policykg.config",
    "BuildResult": "policykg.pipeline",
    "InputError": "policykg.errors",
    "InternalError": "policykg.errors",
    "Limits": "policykg.config",
    "PolicyKGError": "policykg.errors",
    "build": "policykg.pipeline",
    "built_graph": "policykg.sources",
    "diff_plans": "policykg.pipeline",
    "plans_of": "policykg.sources",
    "read_plans": "policykg.sources",
}
__all__ = [
    "BuildConfig",
    "BuildResult",
    "InputError",
    "InternalError",
    "Limits",
    "PolicyKGError",
    "build",
    "built_graph",
    "diff_plans",
    "lay_over",
    "plans_of",
    "read_plans",
]
__getattr__ = lazy_exports(__name__, _EXPORTS)
