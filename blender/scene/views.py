"""Named camera views, framed from the model's bounding box. Passes and hero renders of one model and
view use exactly this camera, so the compositor's mockups line up with the hero renders."""
import math

import bpy
from mathutils import Vector

VIEWS = {
    # name: (yaw degrees from the front, camera elevation degrees, orthographic)
    "front": (0.0, 4.0, False),
    "back": (180.0, 4.0, False),
    "three_quarter": (35.0, 8.0, False),
    "flat_lay": (0.0, 0.0, True),
}
FOCAL_MM = 70.0
SENSOR_MM = 36.0
MARGIN = 1.10  # the model fills ~90 % of the frame's larger side


def setup_camera(view, bounds):
    lo, hi, pts = bounds
    yaw, pitch, ortho = VIEWS[view]
    centre = (lo + hi) / 2
    yw, pt = math.radians(yaw), math.radians(pitch)
    # Blender's front is -Y: a yaw of 0 looks at the model's front
    back = Vector((math.sin(yw) * math.cos(pt), -math.cos(yw) * math.cos(pt), math.sin(pt)))
    rot = back.to_track_quat("Z", "Y")
    right = rot @ Vector((1, 0, 0))
    up = rot @ Vector((0, 1, 0))
    cam_data = bpy.data.cameras.new("cam_" + view)
    cam_data.sensor_fit = "HORIZONTAL"
    cam_data.sensor_width = SENSOR_MM
    cam = bpy.data.objects.new("cam_" + view, cam_data)
    bpy.context.scene.collection.objects.link(cam)
    rel = [p - centre for p in pts]
    if ortho:
        cam_data.type = "ORTHO"
        half = max(max(abs(p.dot(right)), abs(p.dot(up))) for p in rel)
        cam_data.ortho_scale = 2 * half * MARGIN
        dist = 10.0
    else:
        cam_data.lens = FOCAL_MM
        tan_half = (SENSOR_MM / 2) / FOCAL_MM
        dist = 0.0
        for p in rel:
            depth = p.dot(back)  # towards the camera
            need = max(abs(p.dot(right)), abs(p.dot(up))) * MARGIN / tan_half + depth
            dist = max(dist, need)
    cam_data.clip_start = 0.01
    cam_data.clip_end = dist * 4 + 10
    cam.location = centre + back * dist
    cam.rotation_euler = rot.to_euler()
    bpy.context.scene.camera = cam
    return cam
