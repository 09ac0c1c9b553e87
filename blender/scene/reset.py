"""Scene resets between unrelated jobs."""
import bpy


def factory_empty():
    """An empty factory scene: no objects, default settings; images/meshes of earlier jobs are freed."""
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.context.preferences.edit.use_global_undo = False
