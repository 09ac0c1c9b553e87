"""Small checks for job parameters (the TypeScript side validates with zod too; this guards the worker)."""
import os


class InputError(ValueError):
    """The job's files are unusable (not a GLB, no meshes, unreadable image): retrying cannot help."""


def string(job, key, default=None, choices=None, max_len=4096):
    v = job.get(key, default)
    if not isinstance(v, str) or not v or len(v) > max_len:
        raise ValueError("%s must be a non-empty string" % key)
    if choices and v not in choices:
        raise ValueError("%s must be one of %s" % (key, ", ".join(choices)))
    return v


def number(job, key, default=None, lo=None, hi=None, integer=False):
    v = job.get(key, default)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError("%s must be a number" % key)
    if integer and int(v) != v:
        raise ValueError("%s must be an integer" % key)
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        raise ValueError("%s must be within %s..%s" % (key, lo, hi))
    return int(v) if integer else float(v)


def boolean(job, key, default=False):
    v = job.get(key, default)
    if not isinstance(v, bool):
        raise ValueError("%s must be true or false" % key)
    return v


def abs_path(job, key, must_exist=False, required=True):
    v = job.get(key)
    if v is None and not required:
        return None
    if not isinstance(v, str) or not os.path.isabs(v) or "\0" in v:
        raise ValueError("%s must be an absolute path" % key)
    if must_exist and not os.path.isfile(v):
        raise ValueError("%s does not exist: %s" % (key, v))
    if not must_exist and not os.path.isdir(os.path.dirname(v)):
        raise ValueError("%s: directory does not exist: %s" % (key, os.path.dirname(v)))
    return v


def hex_colour(v, key="color.hex"):
    if not isinstance(v, str) or len(v) != 7 or v[0] != "#":
        raise ValueError("%s must be #RRGGBB" % key)
    try:
        return tuple(int(v[i:i + 2], 16) / 255.0 for i in (1, 3, 5))
    except ValueError:
        raise ValueError("%s must be #RRGGBB" % key)
