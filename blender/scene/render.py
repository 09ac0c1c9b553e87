"""Render settings shared by passes and hero renders, and the compositor File Output helper."""
import glob
import os
import shutil

import bpy


def cycles(size, samples, filter_width=1.5, transparent=True):
    sc = bpy.context.scene
    sc.render.engine = "CYCLES"
    sc.cycles.device = "CPU"
    sc.cycles.samples = samples
    sc.cycles.use_denoising = False  # this Blender build has no OpenImageDenoise
    sc.cycles.use_adaptive_sampling = samples > 8
    sc.cycles.pixel_filter_type = "BOX" if filter_width < 0.1 else "BLACKMAN_HARRIS"
    sc.cycles.filter_width = max(0.01, filter_width)
    light_paths(sc.cycles)
    sc.cycles.use_auto_tile = False
    sc.render.resolution_x = sc.render.resolution_y = size
    sc.render.resolution_percentage = 100
    sc.render.film_transparent = transparent
    sc.render.dither_intensity = 0.0  # dither would add noise to UV values
    sc.render.threads_mode = "AUTO"


# Light paths for cloth in a studio (issue 16: 1024² heroes within 60 s on 2 cores, no fireflies, no denoiser):
# matte fabric needs diffuse bounces for the light inside folds and the hood, hardly any glossy ones (its
# specular is a soft sheen), and nothing transmits. Indirect light is clamped: the bright speckles in shadowed
# cloth (inside the hood, under the arms) are rare indirect paths that hit the key-lit fabric through its sheen,
# a handful of samples each worth many times the pixel's value; clamping them takes the speckle out at the cost
# of a little indirect energy in deep shadow. At 0.3 (was 1.5) the grain in the beige hood lining is 43 % lower for
# 13 % less light there and 2.4 % in the mid-tones (decision 158). Adaptive sampling stops each pixel once its noise is below the
# threshold, so the samples go where the noise is (the shadowed lining), not to lit flat cloth.
LIGHT_PATHS = {
    "max_bounces": 4,
    "diffuse_bounces": 3,
    "glossy_bounces": 1,
    "transmission_bounces": 0,
    "volume_bounces": 0,
    "transparent_max_bounces": 4,
    "caustics_reflective": False,
    "caustics_refractive": False,
    "blur_glossy": 1.0,
    "sample_clamp_direct": 0.0,
    "sample_clamp_indirect": 0.3,
    "adaptive_threshold": 0.02,
}


def light_paths(c):
    for k, v in LIGHT_PATHS.items():
        setattr(c, k, v)


def colour_management(raw):
    vs = bpy.context.scene.view_settings
    vs.view_transform = "Raw" if raw else "Standard"
    vs.look = "None"
    vs.exposure = 0.0
    vs.gamma = 1.0
    bpy.context.scene.sequencer_colorspace_settings.name = "sRGB"


def file_output(tree, name, out_dir, mode, depth):
    n = tree.nodes.new("CompositorNodeOutputFile")
    n.name = name
    n.base_path = out_dir
    n.file_slots[0].path = name + "_"
    n.format.file_format = "PNG"
    n.format.color_mode = mode
    n.format.color_depth = depth
    n.format.compression = 15
    return n


def collect(out_dir, name, dest):
    """File Output appends the frame number: move NAME_0001.png to its destination."""
    found = sorted(glob.glob(os.path.join(out_dir, name + "_*.png")))
    if not found:
        raise RuntimeError("render produced no %s image" % name)
    shutil.move(found[-1], dest)


def crop_to_subject(meshes, margin_px=3):
    """Render only the region the meshes can cover (plus the pixel filter's reach); the rest stays transparent.

    With a transparent film nothing outside the subject's projection can receive a sample, so the image is the same
    pixel for pixel while camera rays that could only miss are never traced (8-15 % of a framed garment's render).
    Returns the border (min_x, max_x, min_y, max_y) as fractions, or None when a vertex is behind the camera."""
    import numpy as np

    sc = bpy.context.scene
    cam = sc.camera
    bpy.context.view_layer.update()  # a camera placed in this job has no matrix_world until the depsgraph runs
    view = cam.matrix_world.inverted()
    pts = []
    for o in meshes:
        co = np.empty(len(o.data.vertices) * 3, dtype=np.float64)
        o.data.vertices.foreach_get("co", co)
        co = co.reshape(-1, 3)
        m = np.array(view @ o.matrix_world)
        pts.append(co @ m[:3, :3].T + m[:3, 3])
    p = np.concatenate(pts)  # import_glb refuses a model without meshes, so there is at least one
    # the camera's frame at its focal plane, in camera space (as bpy_extras' world_to_camera_view uses)
    frame = list(cam.data.view_frame(scene=sc))
    fx0, fx1 = min(v.x for v in frame), max(v.x for v in frame)
    fy0, fy1 = min(v.y for v in frame), max(v.y for v in frame)
    if cam.data.type == "ORTHO":
        x, y = p[:, 0], p[:, 1]
    else:
        if np.any(p[:, 2] > -cam.data.clip_start):
            return None
        fz = -frame[0].z
        x, y = p[:, 0] * fz / -p[:, 2], p[:, 1] * fz / -p[:, 2]
    u = (x - fx0) / (fx1 - fx0)
    v = (y - fy0) / (fy1 - fy0)
    mx, my = margin_px / sc.render.resolution_x, margin_px / sc.render.resolution_y
    border = (max(0.0, u.min() - mx), min(1.0, u.max() + mx), max(0.0, v.min() - my), min(1.0, v.max() + my))
    if border[0] >= border[1] or border[2] >= border[3]:
        return None
    r = sc.render
    r.use_border, r.use_crop_to_border = True, False
    r.border_min_x, r.border_max_x, r.border_min_y, r.border_max_y = border
    return border
