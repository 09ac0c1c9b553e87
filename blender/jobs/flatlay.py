"""`flatlay`: take a draped garment GLB off the form and lay it flat on a table (garment/flatten.py).

Params: garment "tee"|"hoodie", model (absolute path of its draped GLB), cmPerUv (the garment's UV scale: a print area's widthCm over
its UV width), out (absolute .glb path), frames?, quality?, pressShare? (share of the frames the plate takes to
come down).
Result: seam groups, the largest seam gap before closing, height of the laid garment, counts, seconds."""
import time

import bpy

from garment.flatten import Settings, lay_flat
from scene import model
from . import validate as v


def validate(job):
    return {
        "garment": v.string(job, "garment", choices=("tee", "hoodie")),
        "model": v.abs_path(job, "model", must_exist=True),
        "cmPerUv": v.number(job, "cmPerUv", None, 10, 1000),
        "out": v.abs_path(job, "out"),
        "frames": v.number(job, "frames", Settings().frames, 2, 400, integer=True),
        "quality": v.number(job, "quality", 5, 1, 10, integer=True),
        "pressShare": v.number(job, "pressShare", Settings().press_share, 0.05, 0.95),
    }


def scene_key(params):
    return None  # always a fresh scene


def run(params, reuse):
    t0 = time.time()
    meshes = model.import_glb(params["model"])
    if len(meshes) != 1:
        raise v.InputError("a garment GLB has one mesh, this one has %d" % len(meshes))
    ob = meshes[0]
    mats = list(ob.data.materials)
    flat, report = lay_flat(ob, params["garment"], params["cmPerUv"], Settings(params["frames"], params["quality"], params["pressShare"]))
    out = bpy.data.objects.new(ob.name + "_flat", flat)
    bpy.context.scene.collection.objects.link(out)
    if not flat.materials:
        for m in mats:
            flat.materials.append(m)
    ob.hide_set(True)
    ob.hide_render = True
    model.export_glb(out, params["out"])
    report.update({"seconds": round(time.time() - t0, 2), "out": params["out"]})
    return report
