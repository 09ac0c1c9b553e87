"""`version`: what this worker runs on (health checks)."""
import sys

import bpy
import numpy


TOUCHES_SCENE = False  # answered without resetting or keeping any scene


def validate(job):
    return {}


def scene_key(params):
    return "version"  # touches no scene: never forces a reset


def run(params, reuse):
    return {
        "blender": bpy.app.version_string,
        "python": sys.version.split()[0],
        "numpy": numpy.__version__,
        "cycles_devices": ["CPU"],
    }
