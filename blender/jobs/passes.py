"""`passes`: UV, shading and mask passes of one model and view (format: docs/passes.md).

Params: model (absolute .glb path), view, size (default 2048), samples (shading pass, default 32),
out: {uv, shading, mask} absolute .png paths. The UV pass is rendered at 1 sample with a point filter
so u, v are never blends of two faces; shading and mask at full samples with a white diffuse override."""
import os
import tempfile

import bpy

from scene import lighting, materials, model, render, views
from . import validate as v

_state = {}


def validate(job):
    out = job.get("out")
    if not isinstance(out, dict):
        raise ValueError("out must be an object {uv, shading, mask}")
    return {
        "model": v.abs_path(job, "model", must_exist=True),
        "subdivide": v.number(job, "subdivide", 0, 0, 2, integer=True),
        "view": v.string(job, "view", choices=tuple(views.VIEWS)),
        "size": v.number(job, "size", 2048, 16, 4096, integer=True),
        "samples": v.number(job, "samples", 32, 1, 1024, integer=True),
        "out": {k: v.abs_path(out, k) for k in ("uv", "shading", "mask")},
    }


def scene_key(p):
    st = os.stat(p["model"])
    return ("passes", p["model"], st.st_mtime_ns, st.st_size, p["subdivide"])


def _build(p):
    meshes = model.import_glb(p["model"], p["subdivide"])
    model.stand_up_flat_lay(meshes)  # a flat-lay drape: seen from above, framed as the hero sees it
    _state["meshes"] = meshes
    _state["bounds"] = model.bounds(meshes)
    # the knit and the stitching reach the shading pass (and through it every 2D mockup)
    mat = next((m for o in meshes for m in o.data.materials if m and materials.knit_maps(m)[0]), None)
    knit, mapping, stitch = materials.knit_maps(mat)
    # the shading pass's size is known per job, not per scene: at the common 1024-2048 the knit is sub-pixel
    bpy.context.view_layer.material_override = materials.white_diffuse_detailed(knit, mapping, stitch, materials.knit_strength(_state["bounds"], p["size"]))
    bpy.context.view_layer.use_pass_uv = True


def _uv_tree(out_dir):
    sc = bpy.context.scene
    sc.use_nodes = True
    t = sc.node_tree
    t.nodes.clear()
    rl = t.nodes.new("CompositorNodeRLayers")
    comp = t.nodes.new("CompositorNodeComposite")
    t.links.new(rl.outputs["Image"], comp.inputs["Image"])
    sep = t.nodes.new("CompositorNodeSeparateColor")
    t.links.new(rl.outputs["UV"], sep.inputs["Image"])
    mu = t.nodes.new("CompositorNodeMath")
    mu.operation = "MULTIPLY"
    t.links.new(sep.outputs["Red"], mu.inputs[0])
    t.links.new(rl.outputs["Alpha"], mu.inputs[1])
    inv = t.nodes.new("CompositorNodeMath")  # glTF v = 1 - Blender v
    inv.operation = "SUBTRACT"
    inv.inputs[0].default_value = 1.0
    t.links.new(sep.outputs["Green"], inv.inputs[1])
    mv = t.nodes.new("CompositorNodeMath")
    mv.operation = "MULTIPLY"
    t.links.new(inv.outputs[0], mv.inputs[0])
    t.links.new(rl.outputs["Alpha"], mv.inputs[1])
    comb = t.nodes.new("CompositorNodeCombineColor")
    t.links.new(mu.outputs[0], comb.inputs["Red"])
    t.links.new(mv.outputs[0], comb.inputs["Green"])
    t.links.new(rl.outputs["Alpha"], comb.inputs["Blue"])
    fo = render.file_output(t, "uv", out_dir, "RGB", "16")
    t.links.new(comb.outputs["Image"], fo.inputs[0])


def _shading_tree(out_dir):
    t = bpy.context.scene.node_tree
    t.nodes.clear()
    rl = t.nodes.new("CompositorNodeRLayers")
    comp = t.nodes.new("CompositorNodeComposite")
    t.links.new(rl.outputs["Image"], comp.inputs["Image"])
    straight = t.nodes.new("CompositorNodePremulKey")  # un-premultiply: edges keep their true shading
    straight.mapping = "PREMUL_TO_STRAIGHT"
    t.links.new(rl.outputs["Image"], straight.inputs["Image"])
    bw = t.nodes.new("CompositorNodeRGBToBW")
    t.links.new(straight.outputs["Image"], bw.inputs["Image"])
    half = t.nodes.new("CompositorNodeMath")
    half.operation = "MULTIPLY"
    half.inputs[1].default_value = 0.5
    half.use_clamp = True
    t.links.new(bw.outputs["Val"], half.inputs[0])
    fo = render.file_output(t, "shading", out_dir, "BW", "16")
    t.links.new(half.outputs[0], fo.inputs[0])
    fm = render.file_output(t, "mask", out_dir, "BW", "8")
    t.links.new(rl.outputs["Alpha"], fm.inputs[0])


def run(p, reuse):
    if not reuse:
        _build(p)
    for o in list(bpy.data.objects):
        if o.type in ("CAMERA", "LIGHT"):
            bpy.data.objects.remove(o)
    views.setup_camera(p["view"], _state["bounds"])
    lighting.studio(views.VIEWS[p["view"]][0])
    render.colour_management(raw=True)
    with tempfile.TemporaryDirectory(prefix="mockup-passes-") as tmp:
        render.cycles(p["size"], 1, filter_width=0.0)
        _uv_tree(tmp)
        bpy.ops.render.render(write_still=False)
        render.collect(tmp, "uv", p["out"]["uv"])
        render.cycles(p["size"], p["samples"], filter_width=1.5)
        _shading_tree(tmp)
        bpy.ops.render.render(write_still=False)
        render.collect(tmp, "shading", p["out"]["shading"])
        render.collect(tmp, "mask", p["out"]["mask"])
    return {"view": p["view"], "width": p["size"], "height": p["size"], "reused": reuse}
