"""Job kinds the worker answers. Each module has validate(job) -> params, scene_key(params), run(params, reuse)."""
from . import drape, hero, passes, version

KINDS = {"version": version, "drape": drape, "passes": passes, "hero": hero}
