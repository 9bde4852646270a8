"""The test world: local HTTPS servers speaking the Kubernetes, Argo CD (CRDs), GitHub, OCI
registry and preview-URL protocols, loaded with the homerun2 core-catcher preview objects.

Entry points: `World` (world.py), the scenario variants (scenarios.py), fault actions
(faults.py) and the playground (`python3 -m world.playground --dir DIR`).
"""

from .preview import Preview, healthy, sha_for
from .scenarios import VARIANTS
from .world import World

__all__ = ["World", "Preview", "healthy", "sha_for", "VARIANTS"]
