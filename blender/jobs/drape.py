"""`drape`: sew a garment from its panels on the body form and export it as GLB.

Params: garment "tee"|"hoodie", size "S"|"M"|"L", out (absolute .glb path), frames?, quality?, resolution?.
Result: printAreas (glTF UV rects), triangles, vertices, seam gaps before stitching, seconds."""
import time

from mathutils import Vector

from garment import pattern
from garment.simulate import Settings, build_and_drape
from scene import materials, model
from . import validate as v


def validate(job):
    return {
        "garment": v.string(job, "garment", choices=("tee", "hoodie")),
        "size": v.string(job, "size", "M", choices=("S", "M", "L")),
        "out": v.abs_path(job, "out"),
        "frames": v.number(job, "frames", 70, 2, 400, integer=True),
        "quality": v.number(job, "quality", 5, 1, 10, integer=True),
        "resolution": v.number(job, "resolution", 0, 0, 10),
    }


def scene_key(params):
    return None  # always a fresh scene


def _orient_outward(ob):
    """Normals should point away from the body axis; flip every face when most point inwards."""
    me = ob.data
    score = 0.0
    for p in me.polygons:
        c = p.center
        radial = Vector((c.x, c.y, 0.0))
        score += p.normal.dot(radial) * p.area
    if score < 0:
        me.flip_normals()


def run(params, reuse):
    t0 = time.time()
    g = pattern.tee(params["size"]) if params["garment"] == "tee" else pattern.hoodie(params["size"])
    res = params["resolution"] or (2.4 if g.name == "tee" else 2.6)
    ob, info = build_and_drape(g, params["size"], Settings(res, params["frames"], params["quality"]))
    _orient_outward(ob)
    ob.data.materials.append(materials.fabric("fabric"))
    model.export_glb(ob, params["out"])
    info.update({"garment": g.name, "size": params["size"], "seconds": round(time.time() - t0, 2), "out": params["out"]})
    return info
