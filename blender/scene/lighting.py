"""Studio lighting: a soft key sun from the upper left front, a fill, a rim, and a dim grey world.

The key sun's strength is 1.0 so a white card facing it reads about 1.0 in the shading pass."""
import math

import bpy
from mathutils import Vector


def _sun(name, direction, strength, angle_deg):
    d = bpy.data.lights.new(name, "SUN")
    d.energy = strength
    d.angle = math.radians(angle_deg)
    o = bpy.data.objects.new(name, d)
    o.rotation_euler = Vector(direction).normalized().to_track_quat("Z", "Y").to_euler()
    bpy.context.scene.collection.objects.link(o)
    return o


def studio(view_yaw_deg=0.0):
    """Lights turn with the camera so every view is lit like the front one."""
    yw = math.radians(view_yaw_deg)

    def turn(x, y, z):
        return (x * math.cos(yw) - y * math.sin(yw), x * math.sin(yw) + y * math.cos(yw), z)

    # a sun's direction vector points from the scene towards the light
    _sun("key", turn(-0.6, -1.0, 0.8), 1.0, 25.0)
    _sun("fill", turn(1.0, -0.7, 0.2), 0.35, 40.0)
    _sun("rim", turn(0.3, 1.0, 0.6), 0.45, 20.0)
    world = bpy.data.worlds.new("studio")
    world.use_nodes = True
    bg = world.node_tree.nodes["Background"]
    bg.inputs["Color"].default_value = (1, 1, 1, 1)
    bg.inputs["Strength"].default_value = 0.18
    bpy.context.scene.world = world
