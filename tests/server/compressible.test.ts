/** Webhook answers are never gzip'd (a tiny body streamed without Content-Length); pages and JSON elsewhere still are. */
import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { compressible } from "../../app/server/app";

const req = (path: string) => ({ path, headers: {} }) as unknown as Request;
const res = (type: string) => ({ getHeader: (h: string) => (h.toLowerCase() === "content-type" ? type : undefined) }) as unknown as Response;

describe("compressible", () => {
  it("skips every webhook route", () => {
    for (const p of ["/webhooks/products/update", "/webhooks/orders/create", "/webhooks/app/uninstalled"]) {
      expect(compressible(req(p), res("application/json"))).toBe(false);
    }
  });
  it("keeps compression's own choice elsewhere", () => {
    expect(compressible(req("/app/products"), res("text/html; charset=utf-8"))).toBe(true);
    expect(compressible(req("/apps/mockup/designs"), res("application/json"))).toBe(true);
    expect(compressible(req("/assets/poster.webp"), res("image/webp"))).toBe(false);
  });
});
