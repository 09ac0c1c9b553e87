/** What the publish functions need from the process, and what they answer (docs/publish-api in the note). */
import type { Logger } from "pino";
import type { BlobStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import type { AdminClient } from "./admin-client";
import type { PollOptions } from "./poll";

export interface PublishDeps {
  db: Db;
  blobs: BlobStore;
  /** the shop's Admin API client (offline session); throws ShopGoneError when the shop has none */
  admin(shop: string): Promise<AdminClient>;
  /** a public, long-lived URL of one of the shop's assets (the GLB when Shopify cannot host it) */
  assetUrl(shop: string, key: string, filename: string): string;
  log?: Pick<Logger, "info" | "warn" | "debug">;
  signal?: AbortSignal;
  poll?: PollOptions;
  /** fetch for staged uploads (default global fetch) */
  fetch?: typeof fetch;
}

export type PublishStatus = "published" | "unchanged" | "degraded" | "failed";
export type PublishSource = "job" | "manual" | "rollback";

export interface PublishResult {
  productId: string;
  productTitle: string;
  status: PublishStatus;
  /** the version this publish recorded, or the current one when nothing changed; null when it failed before writing */
  versionId: string | null;
  media: { created: number; kept: number; removed: number; failed: number };
  model: { source: "shopify" | "app" | "none" };
  /** merchant-facing lines, each naming the product */
  notices: string[];
  /** the namespace Shopify stored the storefront metafield under (`app--{appId}`) */
  metafieldNamespace: string | null;
}
