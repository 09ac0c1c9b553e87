/**
 * In-memory state of one test shop: products with variants, media, files, metafields and staged
 * uploads. Objects are shaped like the GraphQL types, so graphql-js's default resolvers read them;
 * connection fields are methods taking the field's arguments.
 */
import { randomUUID } from "node:crypto";

export type MediaStatus = "UPLOADED" | "PROCESSING" | "READY" | "FAILED";

export interface StagedUpload {
  token: string;
  resource: string;
  filename: string;
  mimeType: string;
  httpMethod: "POST" | "PUT";
  fileSize?: number;
  /** form fields the POST must carry, in order */
  parameters: { name: string; value: string }[];
  url: string;
  resourceUrl: string;
  bytes?: Buffer;
}

export interface MediaRecord {
  __typename: "Model3d" | "MediaImage" | "Video" | "GenericFile";
  id: string;
  alt: string | null;
  mediaContentType: "MODEL_3D" | "IMAGE" | "VIDEO" | null;
  filename: string;
  originalSource: string;
  createdAt: string;
  /** reads of `status` left before the next state (UPLOADED → PROCESSING → READY) */
  readsLeft: number;
  state: MediaStatus;
  failWith?: { code: string; message: string };
  bytes?: Buffer;
  productIds: Set<string>;
  /** pixel size read from an image's bytes */
  size?: { width: number; height: number };
  /** the request in which the state last advanced: one step per request, however often it is read */
  lastEpoch?: number;
}

export interface VariantRecord {
  id: string;
  title: string;
  productId: string;
  selectedOptions: { name: string; value: string }[];
  mediaIds: string[];
}

export interface ProductRecord {
  id: string;
  title: string;
  handle: string;
  productType: string;
  status: "ACTIVE" | "DRAFT" | "ARCHIVED" | "UNLISTED";
  vendor: string;
  tags: string[];
  variantIds: string[];
  mediaIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface MetafieldDefinitionRecord {
  id: string;
  /** resolved (`app--{appId}` for `$app`) */
  namespace: string;
  key: string;
  name: string;
  type: string;
  ownerType: string;
  access: { admin: string; storefront: string };
}

export interface MetafieldRecord {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

let seq = 1000;
/** An order as far as the app touches it: its name, note and tags (no customer data in the double). */
export interface OrderRecord {
  id: string;
  name: string;
  note: string | null;
  tags: string[];
  updatedAt: string;
}

export const nextId = (type: string) => `gid://shopify/${type}/${++seq}`;

export class AdminStore {
  shop = {
    id: "gid://shopify/Shop/1",
    name: "Mockup Test Shop",
    myshopifyDomain: "mockup-test.myshopify.com",
    email: "owner@example.com",
    contactEmail: "owner@example.com",
    currencyCode: "EUR",
    ianaTimezone: "Europe/Berlin",
    url: "https://mockup-test.myshopify.com",
  };
  products = new Map<string, ProductRecord>();
  variants = new Map<string, VariantRecord>();
  media = new Map<string, MediaRecord>();
  metafields = new Map<string, MetafieldRecord>();
  staged = new Map<string, StagedUpload>();
  metafieldDefinitions = new Map<string, MetafieldDefinitionRecord>();
  orders = new Map<string, OrderRecord>();
  /** access scopes the app holds on this shop; order mutations need write_orders, order reads read_orders */
  scopes = new Set(["write_products", "write_files", "write_app_proxy", "read_orders", "write_orders"]);
  /** what Shopify puts in `app--{appId}` for this app (a realistic numeric app id) */
  appId = "4811123";
  /**
   * Plan limits. `hostedModels`: 3D models + videos per shop (Basic 250, Shopify 1,000, Advanced 5,000);
   * `productMedia`: media per product. Tests lower them to reach the limit quickly.
   */
  limits = { hostedModels: 250, productMedia: 250 };
  /** how many requests reading its status a new medium spends in UPLOADED and PROCESSING each */
  processingReads = 1;
  /** request counter (the server bumps it per GraphQL request) */
  epoch = 0;

  addOrder(o: { id?: string; name: string; note?: string | null; tags?: string[] }): OrderRecord {
    const order: OrderRecord = { id: o.id ?? nextId("Order"), name: o.name, note: o.note ?? null, tags: o.tags ?? [], updatedAt: new Date().toISOString() };
    this.orders.set(order.id, order);
    return order;
  }

  addProduct(p: { title: string; productType?: string; colors?: string[]; sizes?: string[] }): ProductRecord {
    const id = nextId("Product");
    const now = new Date().toISOString();
    const product: ProductRecord = {
      id,
      title: p.title,
      handle: p.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""),
      productType: p.productType ?? "",
      status: "ACTIVE",
      vendor: "Test",
      tags: [],
      variantIds: [],
      mediaIds: [],
      createdAt: now,
      updatedAt: now,
    };
    this.products.set(id, product);
    for (const color of p.colors ?? ["Default"]) {
      for (const size of p.sizes ?? [null]) {
        const vid = nextId("ProductVariant");
        const options = [{ name: "Color", value: color }, ...(size ? [{ name: "Size", value: size }] : [])];
        this.variants.set(vid, { id: vid, productId: id, title: options.map((o) => o.value).join(" / "), selectedOptions: options, mediaIds: [] });
        product.variantIds.push(vid);
      }
    }
    return product;
  }

  createMedia(input: {
    typename: MediaRecord["__typename"];
    contentType: MediaRecord["mediaContentType"];
    originalSource: string;
    alt?: string | null;
    filename?: string;
  }): MediaRecord {
    const id = nextId(input.typename === "Model3d" ? "Model3d" : input.typename === "MediaImage" ? "MediaImage" : input.typename);
    const upload = this.stagedByResourceUrl(input.originalSource);
    const rec: MediaRecord = {
      __typename: input.typename,
      id,
      alt: input.alt ?? null,
      mediaContentType: input.contentType,
      filename: input.filename ?? upload?.filename ?? input.originalSource.split("/").pop() ?? "file",
      originalSource: input.originalSource,
      createdAt: new Date().toISOString(),
      readsLeft: this.processingReads,
      state: "UPLOADED",
      bytes: upload?.bytes,
      productIds: new Set(),
      // the creating request does not count as a processing step
      lastEpoch: this.epoch,
    };
    // what Shopify finds when it fetches the source decides the outcome of processing
    if (upload && !upload.bytes) {
      rec.failWith = { code: "GENERIC_FILE_DOWNLOAD_FAILURE", message: "The file was never uploaded to the staged target." };
    } else if (!upload && !/^https:\/\//.test(input.originalSource)) {
      rec.failWith = { code: "INVALID_SIGNED_URL", message: "originalSource is not a staged upload or a public https URL." };
    } else if (input.contentType === "MODEL_3D" && upload?.bytes) {
      const problem = glbProblem(upload.bytes);
      if (problem) rec.failWith = { code: "MODEL3D_VALIDATION_ERROR", message: `Model is not a valid GLB file: ${problem}.` };
    } else if (input.contentType === "IMAGE" && upload?.bytes) {
      const size = imageSize(upload.bytes);
      if (!size) rec.failWith = { code: "UNSUPPORTED_IMAGE_FILE_TYPE", message: "The file is not a PNG, JPEG, WebP or GIF image." };
      else if (size.width * size.height > 20_000_000 || size.width > 4472 || size.height > 4472) {
        rec.failWith = { code: "INVALID_IMAGE_RESOLUTION", message: "Images can be at most 4472 × 4472 (20 megapixels)." };
      } else rec.size = size;
    }
    this.media.set(id, rec);
    return rec;
  }

  /** `$app` → `app--{appId}`, `$app:x` → `app--{appId}--x` (what Shopify stores and answers). */
  resolveNamespace(ns: string | undefined | null): string {
    const n = ns ?? "$app";
    if (n === "$app") return `app--${this.appId}`;
    if (n.startsWith("$app:")) return `app--${this.appId}--${n.slice(5)}`;
    return n;
  }

  /** 3D models and videos the shop hosts (the plan limit counts these). */
  hostedModelCount(): number {
    let n = 0;
    for (const m of this.media.values()) if (m.__typename === "Model3d" || m.__typename === "Video") n++;
    return n;
  }

  /** Removes a media everywhere, as deleting it in the Shopify admin (or fileDelete) does. */
  deleteMedia(id: string): boolean {
    if (!this.media.delete(id)) return false;
    for (const p of this.products.values()) p.mediaIds = p.mediaIds.filter((m) => m !== id);
    for (const v of this.variants.values()) v.mediaIds = v.mediaIds.filter((m) => m !== id);
    return true;
  }

  stagedByResourceUrl(url: string): StagedUpload | undefined {
    for (const s of this.staged.values()) if (s.resourceUrl === url) return s;
    return undefined;
  }

  /** Media advance one state per read of their status, as if Shopify processed them in the background. */
  readStatus(m: MediaRecord): MediaStatus {
    if (m.state === "READY" || m.state === "FAILED" || m.lastEpoch === this.epoch) return m.state;
    m.lastEpoch = this.epoch;
    if (m.readsLeft > 0) {
      m.readsLeft--;
      return m.state;
    }
    if (m.state === "UPLOADED") m.state = "PROCESSING";
    else m.state = m.failWith ? "FAILED" : "READY";
    m.readsLeft = this.processingReads;
    return m.state;
  }

  newStagedToken(): string {
    return randomUUID().replace(/-/g, "");
  }
}

/**
 * What Shopify's processing would find wrong with a GLB (binary glTF 2.0): header, declared length, the JSON chunk
 * first and parseable, chunk lengths inside the file. Null when it is well formed. A truncated or corrupt file is
 * detected here, as processing would, not injected.
 */
export function glbProblem(b: Buffer): string | null {
  if (b.length < 20) return "shorter than a GLB header";
  if (b.toString("latin1", 0, 4) !== "glTF") return "no glTF magic";
  if (b.readUInt32LE(4) !== 2) return `glTF version ${b.readUInt32LE(4)} (2 expected)`;
  if (b.readUInt32LE(8) !== b.length) return `header says ${b.readUInt32LE(8)} bytes, the file has ${b.length}`;
  let off = 12;
  let first = true;
  while (off < b.length) {
    if (off + 8 > b.length) return "truncated chunk header";
    const len = b.readUInt32LE(off);
    const type = b.readUInt32LE(off + 4);
    if (off + 8 + len > b.length) return "chunk runs past the end of the file";
    if (first) {
      if (type !== 0x4e4f534a) return "first chunk is not JSON";
      try {
        const json = JSON.parse(b.toString("utf8", off + 8, off + 8 + len)) as { asset?: { version?: string } };
        if (json.asset?.version !== "2.0") return "asset.version is not 2.0";
      } catch {
        return "JSON chunk does not parse";
      }
    }
    first = false;
    off += 8 + len;
  }
  return null;
}

/** Width and height of a PNG, JPEG, GIF or WebP from its header; null for anything else. */
export function imageSize(b: Buffer): { width: number; height: number } | null {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 10 && b.toString("latin1", 0, 3) === "GIF") return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 30 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP") {
    const kind = b.toString("latin1", 12, 16);
    if (kind === "VP8 ") return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
    if (kind === "VP8L") {
      const bits = b.readUInt32LE(21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (kind === "VP8X") return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
    return null;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let off = 2;
    while (off + 9 < b.length) {
      if (b[off] !== 0xff) return null;
      const marker = b[off + 1];
      const len = b.readUInt16BE(off + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC)
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: b.readUInt16BE(off + 7), height: b.readUInt16BE(off + 5) };
      }
      off += 2 + len;
    }
  }
  return null;
}
