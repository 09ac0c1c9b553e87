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
  /** how many requests reading its status a new medium spends in UPLOADED and PROCESSING each */
  processingReads = 1;
  /** request counter (the server bumps it per GraphQL request) */
  epoch = 0;

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
    } else if (input.contentType === "MODEL_3D" && upload?.bytes && upload.bytes.subarray(0, 4).toString("latin1") !== "glTF") {
      rec.failWith = { code: "MODEL3D_VALIDATION_ERROR", message: "Model is not a valid GLB file." };
    }
    this.media.set(id, rec);
    return rec;
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
