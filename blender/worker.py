"""Long-lived Blender worker: JSON-lines jobs on stdin, one JSON-line answer per job on stdout.

Run: blender -b --factory-startup -noaudio --python-exit-code 1 --python blender/worker.py
Everything Blender itself prints is moved to stderr so stdout carries only protocol lines.
Request:  {"id": "...", "kind": "drape"|"passes"|"hero"|"version", ...params}
Answer:   {"id": "...", "ok": true, "kind": ..., "result": {...}, "ms": N, "cpuMs": N, "reset": bool}
          (ms: wall time; cpuMs: the process's CPU time over the job, user + system, all threads)
          {"id": "...", "ok": false, "error": {"code": "bad_request"|"failed", "message": "..."}}
The worker keeps its scene between jobs whose scene key matches (e.g. only colour or design changed) and
resets to an empty factory scene otherwise.
"""
import json
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy  # noqa: E402

if not hasattr(numpy, "bool"):
    numpy.bool = bool  # Blender 3.4's glTF importer still uses np.bool (removed in numpy 1.24)

PROTOCOL = 1


def _protocol_stream():
    fd = os.dup(1)
    os.dup2(2, 1)  # C-level and Python prints now go to stderr
    sys.stdout = sys.stderr
    return os.fdopen(fd, "w", buffering=1, encoding="utf-8")


class BadRequest(Exception):
    pass


def main():
    out = _protocol_stream()
    from jobs import registry
    from jobs.validate import InputError
    from scene import reset

    state = {"key": None, "jobs": 0}

    def send(obj):
        out.write(json.dumps(obj, separators=(",", ":")) + "\n")
        out.flush()

    send({"event": "ready", "protocol": PROTOCOL, "pid": os.getpid(), "kinds": sorted(registry.KINDS)})
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        started = time.time()
        cpu0 = time.process_time()  # this process's CPU time, every thread (Cycles' and the solver's included)
        job_id = None
        try:
            try:
                job = json.loads(line)
            except ValueError as e:
                raise BadRequest("not JSON: %s" % e)
            if not isinstance(job, dict):
                raise BadRequest("a job must be a JSON object")
            job_id = job.get("id")
            if not isinstance(job_id, str) or not job_id or len(job_id) > 200:
                raise BadRequest("id must be a non-empty string")
            kind = job.get("kind")
            handler = registry.KINDS.get(kind)
            if handler is None:
                raise BadRequest("unknown kind %r (known: %s)" % (kind, ", ".join(sorted(registry.KINDS))))
            try:
                params = handler.validate(job)
            except (ValueError, TypeError, KeyError) as e:
                raise BadRequest(str(e))
            if not getattr(handler, "TOUCHES_SCENE", True):
                send({"id": job_id, "ok": True, "kind": kind, "result": handler.run(params, reuse=True), "ms": round((time.time() - started) * 1000), "cpuMs": round((time.process_time() - cpu0) * 1000), "reset": False})
                continue
            key = handler.scene_key(params)
            did_reset = key is None or key != state["key"]
            if did_reset:
                state["key"] = None
                reset.factory_empty()
            try:
                result = handler.run(params, reuse=not did_reset)
            except InputError as e:
                state["key"] = None  # the scene may be half built
                raise BadRequest(str(e))
            state["key"] = key
            state["jobs"] += 1
            send({"id": job_id, "ok": True, "kind": kind, "result": result, "ms": round((time.time() - started) * 1000), "cpuMs": round((time.process_time() - cpu0) * 1000), "reset": did_reset})
        except BadRequest as e:
            send({"id": job_id, "ok": False, "error": {"code": "bad_request", "message": str(e)}})
        except Exception as e:  # the worker survives; the next job starts from an empty scene
            traceback.print_exc(file=sys.stderr)
            state["key"] = None
            send({"id": job_id, "ok": False, "error": {"code": "failed", "message": "%s: %s" % (type(e).__name__, e)}})
    out.close()


main()
