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
    sc.cycles.max_bounces = 6
    sc.cycles.use_auto_tile = False
    sc.render.resolution_x = sc.render.resolution_y = size
    sc.render.resolution_percentage = 100
    sc.render.film_transparent = transparent
    sc.render.dither_intensity = 0.0  # dither would add noise to UV values
    sc.render.threads_mode = "AUTO"


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
