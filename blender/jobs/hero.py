"""`hero`: a Cycles render of one model, view and colour, with an optional design through a print area.

Params: model, view, size (default 1024), samples (default 32, as app/contracts/render-hero.ts), transparent (default true), backdrop
("#RRGGBB", used when not transparent), color {name, hex}, tintMaterials (names; default every material),
crop (default true: a transparent render traces only the model's screen region; the image is the same), design (absolute PNG path, optional), printArea {uv:{u0,v0,u1,v1}} (glTF UV rect; needed with a design),
placement {scale, offsetX, offsetY, rotationDeg} (fractions of the print area, as in product.ts), out.
Only the colour and the design change between jobs of one scene key: those reuse the loaded scene."""
import math
import os
import re
import sys
import tempfile
import time

import bpy

from scene import lighting, materials, model, render, views
from . import validate as v

_state = {}


def _placement(job):
    pl = job.get("placement") or {}
    if not isinstance(pl, dict):
        raise ValueError("placement must be an object")
    return {
        "scale": v.number(pl, "scale", 0.8, 0.001, 1.0),
        "offsetX": v.number(pl, "offsetX", 0.0, -0.5, 0.5),
        "offsetY": v.number(pl, "offsetY", 0.0, -0.5, 0.5),
        "rotationDeg": v.number(pl, "rotationDeg", 0.0, -180, 180),
    }


def validate(job):
    color = job.get("color")
    if not isinstance(color, dict):
        raise ValueError("color must be an object {name, hex}")
    design = v.abs_path(job, "design", must_exist=True, required=False)
    area = None
    if design:
        pa = job.get("printArea")
        if not isinstance(pa, dict) or not isinstance(pa.get("uv"), dict):
            raise ValueError("a design needs printArea {uv: {u0, v0, u1, v1}}")
        uv = {k: v.number(pa["uv"], k, None, 0.0, 1.0) for k in ("u0", "v0", "u1", "v1")}
        if uv["u1"] <= uv["u0"] or uv["v1"] <= uv["v0"]:
            raise ValueError("printArea.uv must have u1 > u0 and v1 > v0")
        area = uv
    tint = job.get("tintMaterials", [])
    if not isinstance(tint, list) or not all(isinstance(t, str) for t in tint):
        raise ValueError("tintMaterials must be a list of names")
    transparent = v.boolean(job, "transparent", True)
    return {
        "model": v.abs_path(job, "model", must_exist=True),
        "subdivide": v.number(job, "subdivide", 0, 0, 2, integer=True),
        "view": v.string(job, "view", choices=tuple(views.VIEWS)),
        "size": v.number(job, "size", 1024, 16, 4096, integer=True),
        "samples": v.number(job, "samples", 32, 1, 1024, integer=True),
        "transparent": transparent,
        "crop": v.boolean(job, "crop", True),
        "backdrop": v.hex_colour(job.get("backdrop", "#f2f2f0"), "backdrop"),
        "color": v.hex_colour(color.get("hex"), "color.hex"),
        "tint": tint,
        "design": design,
        "printArea": area,
        "placement": _placement(job),
        "out": v.abs_path(job, "out"),
    }


def scene_key(p):
    st = os.stat(p["model"])
    return ("hero", p["model"], st.st_mtime_ns, st.st_size, p["view"], p["size"], p["samples"], p["transparent"], p["backdrop"], tuple(p["tint"]), p["subdivide"], p["crop"])


def _srgb_to_linear(c):
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


# the lowest luminance (linear Y) a dyed surface reflects: a black jersey reflects 2-4 %, which lets its folds
# show; darker colours are lifted to it with neutral grey. Same as FABRIC_FLOOR_Y in app/mockups/compose/colour.ts.
FABRIC_FLOOR_Y = 0.03


def fabric_linear(rgb):
    lin = [_srgb_to_linear(c) for c in rgb]
    y = 0.2126729 * lin[0] + 0.7151522 * lin[1] + 0.072175 * lin[2]
    return lin if y >= FABRIC_FLOOR_Y else [c + FABRIC_FLOOR_Y - y for c in lin]


def _tint_material(mat, knit_strength=1.0):
    """Base colour = design over the fabric colour, the design looked up through the print area."""
    mat.use_nodes = True
    nt = mat.node_tree
    bsdf = next((n for n in nt.nodes if n.type == "BSDF_PRINCIPLED"), None)
    if bsdf is None:
        return None
    for link in list(bsdf.inputs["Base Color"].links):
        nt.links.remove(link)
    rgb = nt.nodes.new("ShaderNodeRGB")
    rgb.name = "mockup_colour"
    tc = nt.nodes.new("ShaderNodeTexCoord")
    m1 = nt.nodes.new("ShaderNodeMapping")  # rotate about the design centre (UV space is isotropic)
    m1.name = "mockup_rotate"
    m2 = nt.nodes.new("ShaderNodeMapping")  # then scale into the design's 0..1 square
    m2.name = "mockup_scale"
    img = nt.nodes.new("ShaderNodeTexImage")
    img.name = "mockup_design"
    img.extension = "CLIP"
    img.interpolation = "Cubic"
    mix = nt.nodes.new("ShaderNodeMixRGB")
    mix.name = "mockup_mix"
    mix.inputs["Fac"].default_value = 0.0
    nt.links.new(tc.outputs["UV"], m1.inputs["Vector"])
    nt.links.new(m1.outputs["Vector"], m2.inputs["Vector"])
    nt.links.new(m2.outputs["Vector"], img.inputs["Vector"])
    nt.links.new(rgb.outputs["Color"], mix.inputs["Color1"])
    nt.links.new(img.outputs["Color"], mix.inputs["Color2"])
    # construction (docs/decisions/134): the stitch map darkens the stitches and seams and bumps them in, on top
    # of the knit normal map; the importer's added Velvet sheen goes (the Principled sheen below is calibrated)
    knit, mapping, stitch = materials.knit_maps(mat)
    colour_out = mix.outputs["Color"]
    if stitch is not None:
        st = materials._image(nt, stitch)
        cav = nt.nodes.new("ShaderNodeMixRGB")
        cav.blend_type = "MULTIPLY"
        cav.inputs["Fac"].default_value = 0.75
        nt.links.new(colour_out, cav.inputs["Color1"])
        nt.links.new(st.outputs["Color"], cav.inputs["Color2"])
        colour_out = cav.outputs["Color"]
    nt.links.new(colour_out, bsdf.inputs["Base Color"])
    normal = materials.detail_normal(nt, knit, mapping, stitch, strength=knit_strength)
    if normal is not None:
        nt.links.new(normal, bsdf.inputs["Normal"])
    materials.drop_sheen_add(mat)
    bsdf.inputs["Sheen"].default_value = max(bsdf.inputs["Sheen"].default_value, 0.3)
    return nt


# How far behind the garment's farthest point the wall that catches its shadow stands, in metres: a ghost mannequin
# hangs a few centimetres in front of a studio wall. The flat lay gets one only when the model is a flat-lay drape
# (TABLE_GAP_M: the table it lies on); an orthographic view of the form drape, 25 cm deep, would float over a table.
SHADOW_GAP_M = {"front": 0.04, "back": 0.04, "three_quarter": 0.04}
TABLE_GAP_M = 0.001


# the blur of the caught shadow, in percent of the frame (the Blur node's relative size; 1024²: 6 px)
SHADOW_BLUR = 0.6


def _shadow_catcher(cam, bounds, gap_m):
    """A wall facing the camera behind the garment that only catches shadow (Cycles' shadow catcher): it is left out
    of the image, and its Shadow Catcher pass holds the share of light the garment takes from it, by which the
    compositor darkens the backdrop colour; where no shadow falls the backdrop stays exactly that colour."""
    from mathutils import Vector

    pts = bounds[2]
    forward = cam.rotation_euler.to_matrix() @ Vector((0, 0, -1))  # the camera looks down its -Z (matrix_world is not updated yet)
    far = max((q - cam.location).dot(forward) for q in pts)
    bpy.ops.mesh.primitive_plane_add(size=50.0, location=cam.location + forward * (far + gap_m))
    plane = bpy.context.active_object
    plane.name = "shadow_catcher"
    plane.rotation_euler = cam.rotation_euler  # the plane's normal (+Z) turned like the camera's: facing it
    plane.is_shadow_catcher = True
    # it only catches: it casts no shadow (the rim light comes from behind it, and would be blocked), bounces no
    # light onto the garment and shows no reflection of it, so the garment is lit exactly as without the wall
    plane.visible_shadow = False
    plane.visible_diffuse = False
    plane.visible_glossy = False
    plane.visible_transmission = False
    plane.visible_volume_scatter = False
    return plane


# Deep shadow keeps the path tracer's grain at 32 samples (the hood lining, under the arms; worst in light colours,
# decision 158) and this build has no denoiser. Where the light reaching the cloth is low (the render over its
# albedo, both from Cycles' denoising feature passes, which this build does write) the image is replaced by an
# edge-keeping blur guided by the albedo: the print's and the stitching's edges and the silhouette stay sharp, the
# folds are far wider than the blur, and lit cloth is untouched. SHADOW_SMOOTH: (shading below which it is fully
# smoothed, above which not at all, bilateral space sigma px, colour sigma on the albedo, iterations).
SHADOW_SMOOTH = (0.15, 0.45, 3.0, 0.04, 2)


def _smooth_shadows(t, rl):
    """The render layer's image with its deep shadows smoothed (see SHADOW_SMOOTH); the alpha is the render's."""
    lo, hi, space, colour, iterations = SHADOW_SMOOTH
    blur = t.nodes.new("CompositorNodeBilateralblur")
    blur.sigma_space, blur.sigma_color, blur.iterations = space, colour, iterations
    t.links.new(rl.outputs["Image"], blur.inputs["Image"])
    t.links.new(rl.outputs["Denoising Albedo"], blur.inputs["Determinator"])
    lum = t.nodes.new("CompositorNodeRGBToBW")
    t.links.new(blur.outputs["Image"], lum.inputs["Image"])
    alb = t.nodes.new("CompositorNodeRGBToBW")
    t.links.new(rl.outputs["Denoising Albedo"], alb.inputs["Image"])
    floor = t.nodes.new("CompositorNodeMath")
    floor.operation = "MAXIMUM"
    floor.inputs[1].default_value = 0.002
    t.links.new(alb.outputs["Val"], floor.inputs[0])
    shading = t.nodes.new("CompositorNodeMath")
    shading.operation = "DIVIDE"
    t.links.new(lum.outputs["Val"], shading.inputs[0])
    t.links.new(floor.outputs["Value"], shading.inputs[1])
    amount = t.nodes.new("CompositorNodeMapRange")
    amount.use_clamp = True
    amount.inputs["From Min"].default_value = lo
    amount.inputs["From Max"].default_value = hi
    amount.inputs["To Min"].default_value = 1.0
    amount.inputs["To Max"].default_value = 0.0
    t.links.new(shading.outputs["Value"], amount.inputs["Value"])
    mix = t.nodes.new("CompositorNodeMixRGB")
    t.links.new(amount.outputs["Value"], mix.inputs["Fac"])
    t.links.new(rl.outputs["Image"], mix.inputs[1])
    t.links.new(blur.outputs["Image"], mix.inputs[2])
    keep = t.nodes.new("CompositorNodeSetAlpha")
    keep.mode = "REPLACE_ALPHA"
    t.links.new(mix.outputs["Image"], keep.inputs["Image"])
    t.links.new(rl.outputs["Alpha"], keep.inputs["Alpha"])
    return keep.outputs["Image"]


def _build(p):
    meshes = model.import_glb(p["model"], p["subdivide"])
    on_table = model.stand_up_flat_lay(meshes)
    bounds = model.bounds(meshes)
    cam = views.setup_camera(p["view"], bounds)
    gap = TABLE_GAP_M if on_table else SHADOW_GAP_M.get(p["view"])
    caught = not p["transparent"] and gap is not None
    if caught:
        _shadow_catcher(cam, bounds, gap)
        bpy.context.view_layer.cycles.use_pass_shadow_catcher = True
    lighting.studio(views.VIEWS[p["view"]][0])
    mats = {m for o in meshes for m in o.data.materials if m}
    if p["tint"]:
        mats = {m for m in mats if m.name in p["tint"] or m.name.split(".")[0] in p["tint"]}
    ks = materials.knit_strength(bounds, p["size"])
    _state["trees"] = [t for t in (_tint_material(m, ks) for m in mats) if t]
    render.cycles(p["size"], p["samples"], transparent=True)
    bpy.context.view_layer.cycles.denoising_store_passes = True  # albedo for _smooth_shadows (no denoiser runs)
    # the compositor fills only the border's region, so a backdrop render traces the whole frame
    # the margin covers _smooth_shadows' blur, which reads past the border
    _state["border"] = render.crop_to_subject(meshes, margin_px=16) if p["crop"] and p["transparent"] else None
    # keep Cycles' BVH and compiled scene between renders of this scene: a colour change only updates a shader
    bpy.context.scene.render.use_persistent_data = True
    render.colour_management(raw=False)
    sc = bpy.context.scene
    sc.use_nodes = True
    t = sc.node_tree
    t.nodes.clear()
    rl = t.nodes.new("CompositorNodeRLayers")
    comp = t.nodes.new("CompositorNodeComposite")
    backdrop = (*[_srgb_to_linear(c) for c in p["backdrop"]], 1.0)
    if p["transparent"]:
        t.links.new(_smooth_shadows(t, rl), comp.inputs["Image"])
        sc.render.image_settings.color_mode = "RGBA"
    else:
        over = t.nodes.new("CompositorNodeAlphaOver")
        over.inputs[1].default_value = backdrop
        t.links.new(_smooth_shadows(t, rl), over.inputs[2])
        t.links.new(over.outputs["Image"], comp.inputs["Image"])
        sc.render.image_settings.color_mode = "RGB"
    if caught:
        # the backdrop colour times the catcher's shadow, blurred: the shadow of a 12° sun is soft by nature, and
        # 32 samples leave grain in its penumbra that a few pixels of blur take out without changing its shape
        bg = t.nodes.new("CompositorNodeRGB")
        bg.outputs[0].default_value = backdrop
        blur = t.nodes.new("CompositorNodeBlur")
        blur.filter_type = "GAUSS"
        blur.use_relative = True
        blur.factor_x = blur.factor_y = SHADOW_BLUR
        t.links.new(rl.outputs["Shadow Catcher"], blur.inputs["Image"])
        shade = t.nodes.new("CompositorNodeMixRGB")
        shade.blend_type = "MULTIPLY"
        shade.inputs["Fac"].default_value = 1.0
        t.links.new(bg.outputs[0], shade.inputs[1])
        t.links.new(blur.outputs["Image"], shade.inputs[2])
        t.links.new(shade.outputs["Image"], over.inputs[1])
    sc.render.image_settings.file_format = "PNG"
    sc.render.image_settings.color_depth = "8"


def _apply(p):
    lin = fabric_linear(p["color"])
    image = None
    if p["design"]:
        old = _state.get("image")
        if old is not None and old.filepath == p["design"]:
            image = old
        else:
            if old is not None:
                bpy.data.images.remove(old)
            try:
                image = bpy.data.images.load(p["design"])
                image.pixels[0]  # force the decode now: a broken file fails here, not mid-render
            except Exception as e:
                raise v.InputError("cannot read the design image: %s" % str(e)[:200])
            image.alpha_mode = "STRAIGHT"
            _state["image"] = image
    for nt in _state["trees"]:
        nt.nodes["mockup_colour"].outputs[0].default_value = (*lin, 1.0)
        mix, img = nt.nodes["mockup_mix"], nt.nodes["mockup_design"]
        # the design's alpha decides how much of it covers the fabric
        for link in list(mix.inputs["Fac"].links):
            nt.links.remove(link)
        if image is None:
            img.image = None
            mix.inputs["Fac"].default_value = 0.0
            continue
        img.image = image
        nt.links.new(img.outputs["Alpha"], mix.inputs["Fac"])
        _map_design(nt, p, image)


def _map_design(nt, p, image):
    """UV (Blender, v up) -> design square: rotate about the design centre, then scale to 0..1."""
    a, pl = p["printArea"], p["placement"]
    aw, ah = a["u1"] - a["u0"], a["v1"] - a["v0"]
    w = aw * pl["scale"]
    iw, ih = image.size[0] or 1, image.size[1] or 1
    h = w * ih / iw
    cu = (a["u0"] + a["u1"]) / 2 + pl["offsetX"] * aw
    cv_gltf = (a["v0"] + a["v1"]) / 2 + pl["offsetY"] * ah
    cv = 1.0 - cv_gltf
    th = -math.radians(pl["rotationDeg"])  # positive = clockwise on the garment as seen
    m1, m2 = nt.nodes["mockup_rotate"], nt.nodes["mockup_scale"]
    # m1: R(uv) + L with L = -R(c): rotating the lookup counter-clockwise turns the print clockwise
    c, s = math.cos(th), math.sin(th)
    m1.inputs["Rotation"].default_value = (0.0, 0.0, th)
    m1.inputs["Location"].default_value = (-(c * cu - s * cv), -(s * cu + c * cv), 0.0)
    m1.inputs["Scale"].default_value = (1.0, 1.0, 1.0)
    m2.inputs["Location"].default_value = (0.5, 0.5, 0.0)
    m2.inputs["Rotation"].default_value = (0.0, 0.0, 0.0)
    m2.inputs["Scale"].default_value = (1.0 / w, 1.0 / h, 1.0)


_TIME = re.compile(r"Time:(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)")


def _stats_seconds(stats):
    """The render time in Blender's render stats line ("... | Time:00:01.23 | ..."), or None."""
    found = _TIME.findall(stats or "")
    if not found:
        return None
    h, m, s = found[-1]
    return int(h or 0) * 3600 + int(m) * 60 + float(s)


def _render_with_stats():
    """Render, and return Blender's own render time: it prints its render stats ("Fra:1 ... | Time:00:01.23 |
    ... Finished") to the C stdout/stderr, which the worker points at stderr. They are caught in a temporary
    file for the render, then passed on to stderr unchanged. None when no stats line was printed."""
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with tempfile.TemporaryFile() as f:
        os.dup2(f.fileno(), 1)
        os.dup2(f.fileno(), 2)
        try:
            bpy.ops.render.render(write_still=True)
        finally:
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
        f.seek(0)
        text = f.read()
    os.write(2, text)
    return _stats_seconds(text.decode("utf-8", "replace"))


def run(p, reuse):
    if not reuse:
        _state.clear()
        _build(p)
    _apply(p)
    sc = bpy.context.scene
    sc.render.filepath = p["out"]
    t0 = time.perf_counter()
    seconds = _render_with_stats()
    call = time.perf_counter() - t0
    return {
        "view": p["view"], "width": p["size"], "height": p["size"], "samples": p["samples"], "transparent": p["transparent"],
        "reused": reuse, "border": _state.get("border"),
        # Cycles' own render time from its stats (bench:blender's warm overhead = job wall time minus this)
        "renderMs": round(1000 * seconds) if seconds is not None else None,
        "renderCallMs": round(1000 * call),
    }
