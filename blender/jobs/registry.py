"""Job kinds the worker answers. Each module has validate(job) -> params, scene_key(params), run(params, reuse)."""
from . import drape, flatlay, hero, passes, version

KINDS = {"version": version, "drape": drape, "flatlay": flatlay, "passes": passes, "hero": hero}
