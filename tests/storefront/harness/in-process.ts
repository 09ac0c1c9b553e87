/** The app proxy route called in this process (benchmark, vitest): the same loader/action Remix would call. */
import type { ProxyTarget } from "./store-server";

type RouteModule = typeof import("../../../app/routes/proxy.$");

export function inProcessProxy(route: RouteModule): ProxyTarget {
  return async (req) => {
    const sub = new URL(req.url).pathname.replace(/^\/proxy\//, "");
    const args = { request: req, params: { "*": sub }, context: {} };
    try {
      return (await (req.method === "GET" || req.method === "HEAD" ? route.loader(args) : route.action(args))) as Response;
    } catch (e) {
      if (e instanceof Response) return e;
      throw e;
    }
  };
}
