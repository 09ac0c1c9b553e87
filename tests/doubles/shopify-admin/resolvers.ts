/**
 * Root resolvers for the operations the app uses. Everything else in the schema validates but
 * resolves to null (and a non-null field then errors, as an unimplemented part of a double should).
 */
import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import type { AdminStore, MediaRecord, MetafieldDefinitionRecord, MetafieldRecord, OrderRecord, ProductRecord, StagedUpload, VariantRecord } from "./store";
import { nextId } from "./store";

type Args = Record<string, unknown>;
type UserError = { field: string[] | null; message: string; code?: string; elementIndex?: number };

export interface ResolverContext {
  store: AdminStore;
  /** base URL of the double, for staged targets and CDN-like URLs */
  baseUrl: string;
  /** userErrors injected for the next call of a mutation (consumed) */
  takeUserErrors(mutation: string): UserError[] | undefined;
}

function connection<T>(items: T[], args: Args) {
  let start = 0;
  let end = items.length;
  if (typeof args.after === "string") start = Number(Buffer.from(args.after, "base64url").toString()) + 1;
  if (typeof args.before === "string") end = Number(Buffer.from(args.before, "base64url").toString());
  let slice = items.slice(start, end).map((node, i) => ({ node, i: start + i }));
  if (typeof args.first === "number") slice = slice.slice(0, args.first);
  if (typeof args.last === "number") slice = slice.slice(Math.max(0, slice.length - args.last));
  const cursor = (i: number) => Buffer.from(String(i)).toString("base64url");
  const edges = slice.map(({ node, i }) => ({ node, cursor: cursor(i) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: slice.length > 0 && slice[slice.length - 1].i < items.length - 1,
      hasPreviousPage: slice.length > 0 && slice[0].i > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

const legacyId = (gid: string) => gid.split("/").pop();

export function makeViews(ctx: ResolverContext) {
  const { store, baseUrl } = ctx;

  function mediaView(m: MediaRecord) {
    const status = () => store.readStatus(m);
    const ready = () => status() === "READY";
    const url = `${baseUrl}/cdn/${legacyId(m.id)}/${encodeURIComponent(m.filename)}`;
    const source = () => ({
      format: m.filename.split(".").pop() ?? "glb",
      mimeType: m.mediaContentType === "MODEL_3D" ? "model/gltf-binary" : "application/octet-stream",
      url,
      filesize: m.bytes?.length ?? 0,
    });
    const image = () => (ready() ? { id: nextId("ImageSource"), url, altText: m.alt, width: m.size?.width ?? 1024, height: m.size?.height ?? 1024 } : null);
    return {
      __typename: m.__typename,
      id: m.id,
      alt: m.alt,
      filename: m.filename,
      mediaContentType: m.mediaContentType,
      createdAt: m.createdAt,
      updatedAt: m.createdAt,
      status,
      fileStatus: status,
      mediaErrors: () => (status() === "FAILED" && m.failWith ? [{ ...m.failWith, details: null }] : []),
      fileErrors: () => (status() === "FAILED" && m.failWith ? [{ ...m.failWith, details: null }] : []),
      mediaWarnings: [],
      preview: () => ({ status: status(), image: image() }),
      sources: () => (ready() && m.__typename === "Model3d" ? [source()] : []),
      originalSource: () => (m.__typename === "Model3d" ? source() : { url: m.originalSource, fileSize: m.bytes?.length ?? null }),
      image,
      mimeType: m.__typename === "MediaImage" ? "image/png" : null,
      url: () => (ready() ? url : null),
      boundingBox: null,
    };
  }

  function metafieldView(mf: MetafieldRecord) {
    return {
      __typename: "Metafield",
      ...mf,
      jsonValue: () => (mf.type.startsWith("json") || mf.type.startsWith("list.") ? JSON.parse(mf.value) : mf.value),
      compareDigest: createHash("sha256").update(mf.value).digest("hex"),
      legacyResourceId: legacyId(mf.id),
      ownerType: mf.ownerId.includes("/ProductVariant/") ? "PRODUCTVARIANT" : mf.ownerId.includes("/Product/") ? "PRODUCT" : "SHOP",
      owner: () => nodeById(mf.ownerId),
      definition: () => {
        for (const def of store.metafieldDefinitions.values()) if (def.namespace === mf.namespace && def.key === mf.key) return definitionView(def);
        return null;
      },
      reference: null,
    };
  }

  function definitionView(def: MetafieldDefinitionRecord) {
    return {
      __typename: "MetafieldDefinition",
      ...def,
      type: { name: def.type, category: "JSON", supportsDefinitionMigrations: false, supportedValidations: [] },
      access: { admin: def.access.admin, storefront: def.access.storefront, customerAccount: "NONE" },
      validations: [],
      pinnedPosition: null,
      metafieldsCount: [...store.metafields.values()].filter((m) => m.namespace === def.namespace && m.key === def.key).length,
    };
  }

  function metafieldsOf(ownerId: string) {
    return {
      metafield: (a: Args) => {
        for (const mf of store.metafields.values()) {
          if (mf.ownerId === ownerId && mf.key === a.key && mf.namespace === store.resolveNamespace(a.namespace as string | undefined)) return metafieldView(mf);
        }
        return null;
      },
      metafields: (a: Args) =>
        connection(
          [...store.metafields.values()].filter((mf) => mf.ownerId === ownerId && (a.namespace == null || mf.namespace === store.resolveNamespace(a.namespace as string))).map(metafieldView),
          a,
        ),
    };
  }

  function variantView(v: VariantRecord) {
    return {
      __typename: "ProductVariant",
      id: v.id,
      title: v.title,
      displayName: v.title,
      legacyResourceId: legacyId(v.id),
      selectedOptions: v.selectedOptions.map((o) => ({ ...o, optionValue: { id: nextId("ProductOptionValue"), name: o.value } })),
      position: store.products.get(v.productId)!.variantIds.indexOf(v.id) + 1,
      product: () => productView(store.products.get(v.productId)!),
      media: (a: Args) => connection(v.mediaIds.map((id) => mediaView(store.media.get(id)!)), a),
      ...metafieldsOf(v.id),
    };
  }

  function productView(p: ProductRecord) {
    return {
      __typename: "Product",
      ...p,
      legacyResourceId: legacyId(p.id),
      totalInventory: 0,
      variants: (a: Args) => connection(p.variantIds.map((id) => variantView(store.variants.get(id)!)), a),
      variantsCount: { count: p.variantIds.length, precision: "EXACT" },
      media: (a: Args) => connection(p.mediaIds.map((id) => mediaView(store.media.get(id)!)), a),
      mediaCount: { count: p.mediaIds.length, precision: "EXACT" },
      featuredMedia: () => (p.mediaIds[0] ? mediaView(store.media.get(p.mediaIds[0])!) : null),
      options: () => productOptions(p),
      ...metafieldsOf(p.id),
    };
  }

  /** The product's options as Shopify lists them: names in variant order, each with its distinct values. */
  function productOptions(p: ProductRecord) {
    const byName = new Map<string, string[]>();
    for (const id of p.variantIds) {
      for (const o of store.variants.get(id)!.selectedOptions) {
        const values = byName.get(o.name) ?? [];
        if (!values.includes(o.value)) values.push(o.value);
        byName.set(o.name, values);
      }
    }
    return [...byName].map(([name, values], i) => ({
      id: `gid://shopify/ProductOption/${legacyId(p.id)}${i}`,
      name,
      position: i + 1,
      values,
      optionValues: values.map((v, j) => ({ id: `gid://shopify/ProductOptionValue/${legacyId(p.id)}${i}${j}`, name: v, hasVariants: true })),
    }));
  }

  function shopView() {
    return { __typename: "Shop", ...store.shop, ...metafieldsOf(store.shop.id) };
  }

  function orderView(o: OrderRecord) {
    return { __typename: "Order", id: o.id, legacyResourceId: legacyId(o.id), name: o.name, note: o.note, tags: [...o.tags], updatedAt: o.updatedAt };
  }

  function nodeById(id: unknown) {
    if (typeof id !== "string") return null;
    if (id === store.shop.id) return shopView();
    const o = store.orders.get(id);
    if (o) return store.scopes.has("read_orders") ? orderView(o) : null;
    const p = store.products.get(id);
    if (p) return productView(p);
    const v = store.variants.get(id);
    if (v) return variantView(v);
    const m = store.media.get(id);
    if (m) return mediaView(m);
    const mf = store.metafields.get(id);
    if (mf) return metafieldView(mf);
    return null;
  }

  return { productView, variantView, mediaView, metafieldView, shopView, nodeById, definitionView, orderView };
}

const MEDIA_TYPENAME: Record<string, MediaRecord["__typename"]> = {
  MODEL_3D: "Model3d",
  IMAGE: "MediaImage",
  VIDEO: "Video",
  FILE: "GenericFile",
};

export function makeRoot(ctx: ResolverContext) {
  const { store, baseUrl } = ctx;
  const views = makeViews(ctx);

  const query = {
    shop: () => views.shopView(),
    product: (a: Args) => {
      const p = store.products.get(String(a.id));
      return p ? views.productView(p) : null;
    },
    productVariant: (a: Args) => {
      const v = store.variants.get(String(a.id));
      return v ? views.variantView(v) : null;
    },
    products: (a: Args) => {
      const q = typeof a.query === "string" ? a.query.toLowerCase() : "";
      const all = [...store.products.values()].filter((p) => {
        if (!q) return true;
        const m = /^id:(\d+)$/.exec(q);
        if (m) return legacyId(p.id) === m[1];
        return p.title.toLowerCase().includes(q.replace(/^title:/, ""));
      });
      return connection(all.map(views.productView), a);
    },
    node: (a: Args) => views.nodeById(a.id),
    metafieldDefinitions: (a: Args) => {
      const ns = a.namespace == null ? undefined : store.resolveNamespace(a.namespace as string);
      const defs = [...store.metafieldDefinitions.values()].filter(
        (d) => d.ownerType === a.ownerType && (ns === undefined || d.namespace === ns) && (a.key == null || d.key === a.key),
      );
      return connection(defs.map(views.definitionView), a);
    },
    nodes: (a: Args) => (a.ids as string[]).map((id) => views.nodeById(id)),
    order: (a: Args) => {
      needScope("order", "read_orders");
      const o = store.orders.get(String(a.id));
      return o ? views.orderView(o) : null;
    },
  };

  /** Shopify's answer to a field the app's scopes do not cover: a top-level error, the field null. */
  function needScope(field: string, scope: string) {
    // write_orders includes read access
    if (store.scopes.has(scope) || (scope === "read_orders" && store.scopes.has("write_orders"))) return;
    throw new GraphQLError(`Access denied for ${field} field. Required access: \`${scope}\` access scope.`, { extensions: { code: "ACCESS_DENIED", requiredAccess: `\`${scope}\` access scope.` } });
  }

  /** tagsAdd / tagsRemove on an order (the only taggable resource the app touches). */
  function retag(a: Args, mutation: string, change: (tags: string[], given: string[]) => string[]) {
    needScope(mutation, "write_orders");
    const injected = ctx.takeUserErrors(mutation);
    if (injected) return { node: null, userErrors: injected };
    const o = store.orders.get(String(a.id));
    if (!o) return { node: null, userErrors: [{ field: ["id"], message: "Order does not exist" }] };
    const given = (a.tags as string[]).flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean);
    if (given.some((t) => t.length > 40)) return { node: null, userErrors: [{ field: ["tags"], message: "Tags must be 40 characters or fewer" }] };
    o.tags = change(o.tags, given);
    o.updatedAt = new Date().toISOString();
    return { node: views.orderView(o), userErrors: [] };
  }

  const mutation = {
    orderUpdate: (a: Args) => {
      needScope("orderUpdate", "write_orders");
      const injected = ctx.takeUserErrors("orderUpdate");
      if (injected) return { order: null, userErrors: injected };
      const input = a.input as { id: string; note?: string | null; tags?: string[] };
      const o = store.orders.get(input.id);
      if (!o) return { order: null, userErrors: [{ field: ["id"], message: "Order does not exist" }] };
      if (input.note !== undefined) o.note = input.note;
      if (input.tags !== undefined) o.tags = [...input.tags];
      o.updatedAt = new Date().toISOString();
      return { order: views.orderView(o), userErrors: [] };
    },
    tagsAdd: (a: Args) => retag(a, "tagsAdd", (tags, given) => [...tags, ...given.filter((g) => !tags.some((t) => t.toLowerCase() === g.toLowerCase()))]),
    tagsRemove: (a: Args) => retag(a, "tagsRemove", (tags, given) => tags.filter((t) => !given.some((g) => g.toLowerCase() === t.toLowerCase()))),
    stagedUploadsCreate: (a: Args) => {
      const injected = ctx.takeUserErrors("stagedUploadsCreate");
      if (injected) return { stagedTargets: null, userErrors: injected };
      const inputs = a.input as { resource: string; filename: string; mimeType: string; httpMethod?: "POST" | "PUT"; fileSize?: string }[];
      const userErrors: UserError[] = [];
      inputs.forEach((inp, i) => {
        if ((inp.resource === "MODEL_3D" || inp.resource === "VIDEO") && inp.fileSize == null) {
          userErrors.push({ field: ["input", String(i), "fileSize"], message: `File size is required for ${inp.resource} resources.` });
        }
        if (!inp.filename.trim()) userErrors.push({ field: ["input", String(i), "filename"], message: "Filename can't be blank" });
      });
      if (userErrors.length) return { stagedTargets: null, userErrors };
      const stagedTargets = inputs.map((inp) => {
        const token = store.newStagedToken();
        const method = inp.httpMethod ?? "PUT";
        const key = `tmp/${legacyId(store.shop.id)}/${token}/${inp.filename}`;
        const signature = createHash("sha256").update(`${token}:${inp.mimeType}:${inp.fileSize ?? ""}`).digest("hex");
        const parameters =
          method === "POST"
            ? [
                { name: "Content-Type", value: inp.mimeType },
                { name: "success_action_status", value: "201" },
                { name: "acl", value: "private" },
                { name: "key", value: key },
                { name: "x-goog-date", value: new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "") },
                { name: "x-goog-credential", value: "double@mockup-test.iam.gserviceaccount.com/auto/storage/goog4_request" },
                { name: "x-goog-algorithm", value: "GOOG4-RSA-SHA256" },
                { name: "x-goog-signature", value: signature },
                { name: "policy", value: Buffer.from(JSON.stringify({ conditions: [{ key }, ["content-length-range", 0, Number(inp.fileSize ?? 2 ** 31)]] })).toString("base64") },
              ]
            : [
                { name: "content_type", value: inp.mimeType },
                { name: "acl", value: "private" },
              ];
        const upload: StagedUpload = {
          token,
          resource: inp.resource,
          filename: inp.filename,
          mimeType: inp.mimeType,
          httpMethod: method,
          fileSize: inp.fileSize != null ? Number(inp.fileSize) : undefined,
          parameters,
          url: method === "POST" ? `${baseUrl}/staged/${token}` : `${baseUrl}/staged/${token}?X-Goog-Signature=${signature}`,
          resourceUrl: `${baseUrl}/staged/${token}/${encodeURIComponent(inp.filename)}`,
        };
        store.staged.set(token, upload);
        return { url: upload.url, resourceUrl: upload.resourceUrl, parameters };
      });
      return { stagedTargets, userErrors: [] };
    },

    productUpdate: (a: Args) => {
      const injected = ctx.takeUserErrors("productUpdate");
      if (injected) return { product: null, userErrors: injected };
      const input = (a.product ?? a.input ?? {}) as { id?: string; title?: string; productType?: string; tags?: string[]; status?: ProductRecord["status"] };
      const id = input.id ?? (a.identifier as { id?: string } | undefined)?.id;
      const p = id ? store.products.get(id) : undefined;
      if (!p) return { product: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] };
      const media = (a.media ?? []) as { originalSource: string; alt?: string; mediaContentType: string }[];
      const userErrors: UserError[] = [];
      media.forEach((m, i) => {
        if (!m.originalSource.trim()) userErrors.push({ field: ["media", String(i), "originalSource"], message: "Original source can't be blank" });
        if (m.mediaContentType === "EXTERNAL_VIDEO") userErrors.push({ field: ["media", String(i), "mediaContentType"], message: "External videos are not supported by this double" });
      });
      // plan limits, as Shopify words them (productUpdate's UserError has no code field: the code is in the message)
      if (p.mediaIds.length + media.length > store.limits.productMedia) {
        userErrors.push({ field: ["media"], message: `PRODUCT_MEDIA_LIMIT_EXCEEDED: a product can have at most ${store.limits.productMedia} media` });
      }
      const models = media.filter((m) => m.mediaContentType === "MODEL_3D" || m.mediaContentType === "VIDEO").length;
      if (models > 0 && store.hostedModelCount() + models > store.limits.hostedModels) {
        const i = media.findIndex((m) => m.mediaContentType === "MODEL_3D" || m.mediaContentType === "VIDEO");
        userErrors.push({ field: ["media", String(i)], message: `SHOP_MEDIA_LIMIT_EXCEEDED: this plan allows ${store.limits.hostedModels} 3D models and videos per shop` });
      }
      if (userErrors.length) return { product: null, userErrors };
      if (input.title !== undefined) p.title = input.title;
      if (input.productType !== undefined) p.productType = input.productType;
      if (input.tags !== undefined) p.tags = input.tags;
      if (input.status !== undefined) p.status = input.status;
      for (const m of media) {
        const rec = store.createMedia({
          typename: MEDIA_TYPENAME[m.mediaContentType] ?? "GenericFile",
          contentType: m.mediaContentType as MediaRecord["mediaContentType"],
          originalSource: m.originalSource,
          alt: m.alt,
        });
        rec.productIds.add(p.id);
        p.mediaIds.push(rec.id);
      }
      p.updatedAt = new Date().toISOString();
      return { product: views.productView(p), userErrors: [] };
    },

    fileCreate: (a: Args) => {
      const injected = ctx.takeUserErrors("fileCreate");
      if (injected) return { files: null, userErrors: injected };
      const files = a.files as { originalSource: string; contentType?: string; alt?: string; filename?: string }[];
      const userErrors: UserError[] = [];
      files.forEach((f, i) => {
        if (!f.originalSource.trim()) userErrors.push({ field: ["files", String(i), "originalSource"], message: "Original source can't be blank", code: "INVALID" });
        if (f.alt && f.alt.length > 512) userErrors.push({ field: ["files", String(i), "alt"], message: "Alt is too long", code: "ALT_VALUE_LIMIT_EXCEEDED" });
      });
      if (userErrors.length) return { files: null, userErrors };
      const created = files.map((f) => {
        const staged = store.stagedByResourceUrl(f.originalSource);
        const contentType = f.contentType ?? (staged?.resource === "MODEL_3D" ? "MODEL_3D" : "FILE");
        const rec = store.createMedia({
          typename: MEDIA_TYPENAME[contentType] ?? "GenericFile",
          contentType: contentType === "FILE" ? null : (contentType as MediaRecord["mediaContentType"]),
          originalSource: f.originalSource,
          alt: f.alt,
          filename: f.filename,
        });
        return views.mediaView(rec);
      });
      return { files: created, userErrors: [] };
    },

    metafieldsSet: (a: Args) => {
      const injected = ctx.takeUserErrors("metafieldsSet");
      if (injected) return { metafields: null, userErrors: injected };
      const inputs = a.metafields as { ownerId: string; namespace?: string; key: string; value: string; type?: string }[];
      const userErrors: UserError[] = [];
      if (inputs.length > 25) userErrors.push({ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO" });
      const find = (i: { ownerId: string; namespace?: string; key: string }) =>
        [...store.metafields.values()].find((m) => m.ownerId === i.ownerId && m.namespace === store.resolveNamespace(i.namespace) && m.key === i.key);
      inputs.forEach((inp, i) => {
        const f = (name: string) => ["metafields", String(i), name];
        if (!views.nodeById(inp.ownerId)) userErrors.push({ field: f("ownerId"), message: "Owner does not exist.", code: "INVALID", elementIndex: i });
        if (!/^[a-zA-Z0-9_-]{2,64}$/.test(inp.key)) userErrors.push({ field: f("key"), message: "Key is invalid.", code: "INVALID", elementIndex: i });
        const def = [...store.metafieldDefinitions.values()].find((d) => d.namespace === store.resolveNamespace(inp.namespace) && d.key === inp.key);
        const type = inp.type ?? find(inp)?.type ?? def?.type;
        if (def && inp.type && inp.type !== def.type) {
          userErrors.push({ field: f("type"), message: `Type must be ${def.type} (the definition's type).`, code: "INVALID_TYPE", elementIndex: i });
        }
        if (!type) userErrors.push({ field: f("type"), message: "Type can't be blank.", code: "BLANK", elementIndex: i });
        if (type && (type === "json" || type.startsWith("list."))) {
          try {
            JSON.parse(inp.value);
          } catch {
            userErrors.push({ field: f("value"), message: "Value is invalid JSON.", code: "INVALID_VALUE", elementIndex: i });
          }
        }
      });
      // atomic, as Shopify: one bad input and nothing is written
      if (userErrors.length) return { metafields: null, userErrors };
      const now = new Date().toISOString();
      const out = inputs.map((inp) => {
        const existing = find(inp);
        const rec: MetafieldRecord = existing
          ? { ...existing, value: inp.value, type: inp.type ?? existing.type, updatedAt: now }
          : { id: nextId("Metafield"), ownerId: inp.ownerId, namespace: store.resolveNamespace(inp.namespace), key: inp.key, type: inp.type!, value: inp.value, createdAt: now, updatedAt: now };
        store.metafields.set(rec.id, rec);
        return views.metafieldView(rec);
      });
      return { metafields: out, userErrors: [] };
    },

    productVariantAppendMedia: (a: Args) => {
      const injected = ctx.takeUserErrors("productVariantAppendMedia");
      if (injected) return { product: null, productVariants: null, userErrors: injected };
      const p = store.products.get(String(a.productId));
      if (!p) return { product: null, productVariants: null, userErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
      const pairs = a.variantMedia as { variantId: string; mediaIds: string[] }[];
      const userErrors: UserError[] = [];
      const seen = new Set<string>();
      pairs.forEach((pair, i) => {
        const f = (name: string) => ["variantMedia", String(i), name];
        const v = store.variants.get(pair.variantId);
        if (seen.has(pair.variantId)) userErrors.push({ field: f("variantId"), message: "Variant specified more than once", code: "PRODUCT_VARIANT_SPECIFIED_MULTIPLE_TIMES" });
        seen.add(pair.variantId);
        if (!v || v.productId !== p.id) userErrors.push({ field: f("variantId"), message: "Variant does not exist on the product", code: "PRODUCT_VARIANT_DOES_NOT_EXIST_ON_PRODUCT" });
        if (pair.mediaIds.length !== 1) userErrors.push({ field: f("mediaIds"), message: "Only one media per variant", code: "TOO_MANY_MEDIA_PER_INPUT_PAIR" });
        else if (v && v.mediaIds.length > 0) userErrors.push({ field: f("variantId"), message: "Variant already has media", code: "PRODUCT_VARIANT_ALREADY_HAS_MEDIA" });
        for (const mid of pair.mediaIds) {
          const m = store.media.get(mid);
          if (!m || !p.mediaIds.includes(mid)) userErrors.push({ field: f("mediaIds"), message: "Media does not exist on the product", code: "MEDIA_DOES_NOT_EXIST_ON_PRODUCT" });
          else if (m.state !== "READY") userErrors.push({ field: f("mediaIds"), message: "Non-ready media cannot be attached to variants", code: "NON_READY_MEDIA" });
        }
      });
      if (userErrors.length) return { product: null, productVariants: null, userErrors };
      for (const pair of pairs) store.variants.get(pair.variantId)!.mediaIds.push(...pair.mediaIds);
      return {
        product: views.productView(p),
        productVariants: pairs.map((pair) => views.variantView(store.variants.get(pair.variantId)!)),
        userErrors: [],
      };
    },

    productVariantDetachMedia: (a: Args) => {
      const injected = ctx.takeUserErrors("productVariantDetachMedia");
      if (injected) return { product: null, productVariants: null, userErrors: injected };
      const p = store.products.get(String(a.productId));
      if (!p) return { product: null, productVariants: null, userErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
      const pairs = a.variantMedia as { variantId: string; mediaIds: string[] }[];
      const userErrors: UserError[] = [];
      pairs.forEach((pair, i) => {
        const f = (name: string) => ["variantMedia", String(i), name];
        const v = store.variants.get(pair.variantId);
        if (!v || v.productId !== p.id) userErrors.push({ field: f("variantId"), message: "Variant does not exist on the product", code: "PRODUCT_VARIANT_DOES_NOT_EXIST_ON_PRODUCT" });
        for (const mid of pair.mediaIds) {
          if (!store.media.has(mid)) userErrors.push({ field: f("mediaIds"), message: "Media does not exist", code: "MEDIA_DOES_NOT_EXIST" });
          else if (v && !v.mediaIds.includes(mid)) userErrors.push({ field: f("mediaIds"), message: "Media is not attached to the variant", code: "MEDIA_IS_NOT_ATTACHED_TO_VARIANT" });
        }
      });
      if (userErrors.length) return { product: null, productVariants: null, userErrors };
      for (const pair of pairs) {
        const v = store.variants.get(pair.variantId)!;
        v.mediaIds = v.mediaIds.filter((m) => !pair.mediaIds.includes(m));
      }
      return {
        product: views.productView(p),
        productVariants: pairs.map((pair) => views.variantView(store.variants.get(pair.variantId)!)),
        userErrors: [],
      };
    },

    fileUpdate: (a: Args) => {
      const injected = ctx.takeUserErrors("fileUpdate");
      if (injected) return { files: null, userErrors: injected };
      const files = a.files as { id: string; alt?: string; referencesToAdd?: string[]; referencesToRemove?: string[] }[];
      const userErrors: UserError[] = [];
      files.forEach((f, i) => {
        const m = store.media.get(f.id);
        if (!m) userErrors.push({ field: ["files", String(i), "id"], message: "File does not exist", code: "FILE_DOES_NOT_EXIST" });
        else if (m.state !== "READY" && m.state !== "FAILED" && (f.referencesToAdd?.length || f.referencesToRemove?.length)) {
          userErrors.push({ field: ["files", String(i), "id"], message: "Non-ready files cannot be updated", code: "NON_READY_STATE" });
        }
        for (const ref of [...(f.referencesToAdd ?? []), ...(f.referencesToRemove ?? [])]) {
          if (!store.products.has(ref)) userErrors.push({ field: ["files", String(i), "references"], message: "Reference target does not exist", code: "REFERENCE_TARGET_DOES_NOT_EXIST" });
        }
      });
      if (userErrors.length) return { files: null, userErrors };
      const out = files.map((f) => {
        const m = store.media.get(f.id)!;
        if (f.alt !== undefined) m.alt = f.alt;
        for (const ref of f.referencesToRemove ?? []) {
          const p = store.products.get(ref)!;
          p.mediaIds = p.mediaIds.filter((id) => id !== m.id);
          for (const vid of p.variantIds) {
            const v = store.variants.get(vid)!;
            v.mediaIds = v.mediaIds.filter((id) => id !== m.id);
          }
          m.productIds.delete(ref);
        }
        for (const ref of f.referencesToAdd ?? []) {
          const p = store.products.get(ref)!;
          if (!p.mediaIds.includes(m.id)) p.mediaIds.push(m.id);
          m.productIds.add(ref);
        }
        return views.mediaView(m);
      });
      return { files: out, userErrors: [] };
    },

    fileDelete: (a: Args) => {
      const injected = ctx.takeUserErrors("fileDelete");
      if (injected) return { deletedFileIds: null, userErrors: injected };
      const ids = a.fileIds as string[];
      const missing = ids.map((id, i) => [id, i] as const).filter(([id]) => !store.media.has(id));
      // atomic: one unknown id and nothing is deleted
      if (missing.length) {
        return { deletedFileIds: null, userErrors: missing.map(([id, i]) => ({ field: ["fileIds", String(i)], message: `File id ${id} does not exist.`, code: "FILE_DOES_NOT_EXIST" })) };
      }
      for (const id of ids) store.deleteMedia(id);
      return { deletedFileIds: ids, userErrors: [] };
    },

    metafieldDefinitionCreate: (a: Args) => {
      const injected = ctx.takeUserErrors("metafieldDefinitionCreate");
      if (injected) return { createdDefinition: null, userErrors: injected };
      const d = a.definition as { namespace?: string; key: string; name: string; type: string; ownerType: string; access?: { admin?: string; storefront?: string } };
      const namespace = store.resolveNamespace(d.namespace);
      for (const def of store.metafieldDefinitions.values()) {
        if (def.namespace === namespace && def.key === d.key && def.ownerType === d.ownerType) {
          return { createdDefinition: null, userErrors: [{ field: ["definition", "key"], message: "Key is in use for Product metafields on the 'namespace' namespace.", code: "TAKEN" }] };
        }
      }
      const rec: MetafieldDefinitionRecord = {
        id: nextId("MetafieldDefinition"),
        namespace,
        key: d.key,
        name: d.name,
        type: d.type,
        ownerType: d.ownerType,
        // app-owned definitions default to MERCHANT_READ in the admin and no storefront access
        access: { admin: d.access?.admin ?? (namespace.startsWith("app--") ? "MERCHANT_READ" : "PUBLIC_READ_WRITE"), storefront: d.access?.storefront ?? "NONE" },
      };
      store.metafieldDefinitions.set(rec.id, rec);
      return { createdDefinition: views.definitionView(rec), userErrors: [] };
    },
  };

  return { ...query, ...mutation };
}
