/**
 * The Admin API double: it must refuse what Shopify refuses (it is what publishing code is tested
 * against), and carry the staged-upload → media → variant media → metafields flow end to end.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAdminDouble, type AdminDouble } from "../doubles/shopify-admin";
import { sharedPath } from "../helpers/shared-data";

let d: AdminDouble;
const GLB = readFileSync(sharedPath("samples/models/mug_kenney.glb"));

type GqlResponse<T = Record<string, unknown>> = {
  data?: T;
  errors?: { message: string; extensions?: { code?: string }; locations?: unknown }[];
  extensions?: { cost: { requestedQueryCost: number; throttleStatus: { currentlyAvailable: number; maximumAvailable: number; restoreRate: number } } };
};

async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token = "shpat_test"): Promise<{ status: number; body: GqlResponse<T>; headers: Headers }> {
  const res = await fetch(d.graphqlUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

async function stageAndUpload(bytes: Buffer, filename = "mug.glb") {
  const staged = await gql(
    `mutation Stage($input: [StagedUploadInput!]!) {
      stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } }
    }`,
    { input: [{ resource: "MODEL_3D", filename, mimeType: "model/gltf-binary", fileSize: String(bytes.length), httpMethod: "POST" }] },
  );
  const target = staged.body.data!.stagedUploadsCreate.stagedTargets[0] as { url: string; resourceUrl: string; parameters: { name: string; value: string }[] };
  const form = new FormData();
  for (const p of target.parameters) form.append(p.name, p.value);
  form.append("file", new Blob([new Uint8Array(bytes)], { type: "model/gltf-binary" }), filename);
  const up = await fetch(target.url, { method: "POST", body: form });
  return { target, uploadStatus: up.status };
}

beforeAll(async () => {
  d = await startAdminDouble();
});
afterAll(async () => d?.close());
beforeEach(() => {
  d.requests.length = 0;
});

describe("validation against the pinned 2026-04 schema", () => {
  it("answers a valid query with data and extensions.cost", async () => {
    const { status, body } = await gql(`{ shop { name myshopifyDomain currencyCode } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.shop).toEqual({ name: "Mockup Test Shop", myshopifyDomain: "mockup-test.myshopify.com", currencyCode: "EUR" });
    expect(body.extensions!.cost.requestedQueryCost).toBeGreaterThan(0);
    expect(body.extensions!.cost.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
  });

  it("rejects an unknown field with a GraphQL error and no data", async () => {
    const { status, body } = await gql(`{ shop { name planName } }`);
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors![0].message).toMatch(/Cannot query field "planName" on type "Shop"/);
    expect(body.errors![0].extensions!.code).toBe("undefinedField");
    expect(body.errors![0].locations).toBeDefined();
  });

  it("rejects a wrong argument type, an unknown argument and a missing required argument", async () => {
    const wrongType = await gql(`{ products(first: "ten") { nodes { id } } }`);
    expect(wrongType.body.data).toBeUndefined();
    expect(wrongType.body.errors![0].message).toMatch(/Int cannot represent/);
    const unknownArg = await gql(`{ products(firstN: 5) { nodes { id } } }`);
    expect(unknownArg.body.errors![0].extensions!.code).toBe("argumentNotAccepted");
    const missing = await gql(`mutation { stagedUploadsCreate { userErrors { message } } }`);
    expect(missing.body.errors![0].message).toMatch(/argument "input" of type "\[StagedUploadInput!\]!" is required/);
  });

  it("checks mutation inputs: an enum value that does not exist, a field not in the input type", async () => {
    const badEnum = await gql(`mutation { stagedUploadsCreate(input: [{ resource: GLB, filename: "a.glb", mimeType: "model/gltf-binary" }]) { userErrors { message } } }`);
    expect(badEnum.body.errors![0].message).toMatch(/Value "GLB" does not exist in "StagedUploadTargetGenerateUploadResource" enum/);
    const badField = await gql(
      `mutation { productUpdate(product: { id: "gid://shopify/Product/1", colour: "red" }) { userErrors { message } } }`,
    );
    expect(badField.body.errors![0].message).toMatch(/Field "colour" is not defined by type "ProductUpdateInput"/);
  });

  it("coerces variables against the operation: wrong type, missing required, wrong position", async () => {
    const q = `query P($first: Int!) { products(first: $first) { nodes { id } } }`;
    const wrong = await gql(q, { first: "ten" });
    expect(wrong.body.data).toBeUndefined();
    expect(wrong.body.errors![0].message).toMatch(/Variable "\$first" got invalid value "ten"/);
    const missing = await gql(q, {});
    expect(missing.body.errors![0].message).toMatch(/Variable "\$first" of required type "Int!" was not provided/);
    const position = await gql(`query N($id: String!) { node(id: $id) { id } }`, { id: "x" });
    expect(position.body.errors![0].message).toMatch(/Variable "\$id" of type "String!" used in position expecting type "ID!"/);
    const badInput = await gql(`mutation S($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { userErrors { message } } }`, {
      input: [{ resource: "MODEL_3D", filename: "a.glb" }],
    });
    expect(badInput.body.errors![0].message).toMatch(/Field "mimeType" of required type "String!" was not provided/);
  });

  it("refuses a request without an access token (401) and a query that cannot parse", async () => {
    const res = await fetch(d.graphqlUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ query: "{ shop { name } }" }) });
    expect(res.status).toBe(401);
    const bad = await gql(`{ shop { name }`);
    expect(bad.body.errors![0].extensions!.code).toBe("parseError");
  });
});

describe("publishing flow", () => {
  it("stages a GLB, uploads it, attaches it as MODEL_3D media, polls to READY, links it to a variant and sets metafields", async () => {
    const product = d.store.addProduct({ title: "Mug", colors: ["Black", "White"] });
    const { target, uploadStatus } = await stageAndUpload(GLB);
    expect(uploadStatus).toBe(201);

    const upd = await gql(
      `mutation Attach($product: ProductUpdateInput!, $media: [CreateMediaInput!]) {
        productUpdate(product: $product, media: $media) {
          product { id media(first: 10) { nodes { id mediaContentType status } } }
          userErrors { field message }
        }
      }`,
      { product: { id: product.id }, media: [{ originalSource: target.resourceUrl, mediaContentType: "MODEL_3D", alt: "3D mug" }] },
    );
    expect(upd.body.errors).toBeUndefined();
    expect(upd.body.data!.productUpdate.userErrors).toEqual([]);
    const media = upd.body.data!.productUpdate.product.media.nodes[0];
    expect(media.mediaContentType).toBe("MODEL_3D");

    const poll = `query Poll($id: ID!) { node(id: $id) { ... on Model3d { status fileStatus mediaErrors { code } sources { format mimeType url filesize } preview { status } } } }`;
    const seen: string[] = [];
    let node: any;
    for (let i = 0; i < 10 && seen.at(-1) !== "READY"; i++) {
      node = (await gql(poll, { id: media.id })).body.data!.node;
      seen.push(node.status);
    }
    expect(seen[0]).toBe("UPLOADED");
    expect(seen).toContain("PROCESSING");
    expect(seen.at(-1)).toBe("READY");
    expect(node.sources[0]).toMatchObject({ format: "glb", mimeType: "model/gltf-binary", filesize: GLB.length });

    const variantId = product.variantIds[0];
    const append = await gql(
      `mutation Append($productId: ID!, $variantMedia: [ProductVariantAppendMediaInput!]!) {
        productVariantAppendMedia(productId: $productId, variantMedia: $variantMedia) { productVariants { id media(first: 1) { nodes { id } } } userErrors { code message } }
      }`,
      { productId: product.id, variantMedia: [{ variantId, mediaIds: [media.id] }] },
    );
    expect(append.body.data!.productVariantAppendMedia.userErrors).toEqual([]);
    expect(append.body.data!.productVariantAppendMedia.productVariants[0].media.nodes[0].id).toBe(media.id);

    const mf = await gql(
      `mutation Set($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { metafields { id key namespace value jsonValue } userErrors { field code message } } }`,
      { metafields: [{ ownerId: product.id, namespace: "mockup", key: "variants", type: "json", value: JSON.stringify({ colors: ["Black", "White"] }) }] },
    );
    expect(mf.body.data!.metafieldsSet.userErrors).toEqual([]);
    const read = await gql(`query R($id: ID!) { product(id: $id) { metafield(namespace: "mockup", key: "variants") { jsonValue } mediaCount { count } } }`, { id: product.id });
    expect(read.body.data!.product).toEqual({ metafield: { jsonValue: { colors: ["Black", "White"] } }, mediaCount: { count: 1 } });
  });

  it("answers with userErrors like Shopify: missing fileSize for MODEL_3D, non-ready media, bad metafield (atomic)", async () => {
    const stage = await gql(`mutation { stagedUploadsCreate(input: [{ resource: MODEL_3D, filename: "a.glb", mimeType: "model/gltf-binary", httpMethod: POST }]) { stagedTargets { url } userErrors { field message } } }`);
    expect(stage.body.data!.stagedUploadsCreate.stagedTargets).toBeNull();
    expect(stage.body.data!.stagedUploadsCreate.userErrors[0].field).toEqual(["input", "0", "fileSize"]);

    const product = d.store.addProduct({ title: "Tee" });
    const { target } = await stageAndUpload(GLB, "tee.glb");
    const upd = await gql(`mutation { productUpdate(product: { id: "${product.id}" }, media: [{ originalSource: "${target.resourceUrl}", mediaContentType: MODEL_3D }]) { product { media(first: 1) { nodes { id } } } userErrors { message } } }`);
    const mediaId = upd.body.data!.productUpdate.product.media.nodes[0].id;
    const early = await gql(`mutation { productVariantAppendMedia(productId: "${product.id}", variantMedia: [{ variantId: "${product.variantIds[0]}", mediaIds: ["${mediaId}"] }]) { userErrors { code } } }`);
    expect(early.body.data!.productVariantAppendMedia.userErrors[0].code).toBe("NON_READY_MEDIA");

    const mf = await gql(
      `mutation { metafieldsSet(metafields: [{ ownerId: "${product.id}", key: "ok", type: "single_line_text_field", value: "x" }, { ownerId: "${product.id}", key: "bad", type: "json", value: "{nope" }]) { metafields { id } userErrors { field code elementIndex } } }`,
    );
    expect(mf.body.data!.metafieldsSet.metafields).toBeNull();
    expect(mf.body.data!.metafieldsSet.userErrors).toEqual([{ field: ["metafields", "1", "value"], code: "INVALID_VALUE", elementIndex: 1 }]);
    expect([...d.store.metafields.values()].filter((m) => m.ownerId === product.id)).toHaveLength(0);
  });

  it("the staged target refuses a form with an altered parameter, a wrong size, or the file not last", async () => {
    const staged = await gql(`mutation { stagedUploadsCreate(input: [{ resource: MODEL_3D, filename: "x.glb", mimeType: "model/gltf-binary", fileSize: "${GLB.length}", httpMethod: POST }]) { stagedTargets { url resourceUrl parameters { name value } } } }`);
    const t = staged.body.data!.stagedUploadsCreate.stagedTargets[0];
    const post = async (mutate: (f: FormData) => void, bytes = GLB, fileLast = true) => {
      const f = new FormData();
      if (!fileLast) f.append("file", new Blob([new Uint8Array(bytes)]), "x.glb");
      for (const p of t.parameters) f.append(p.name, p.value);
      mutate(f);
      if (fileLast) f.append("file", new Blob([new Uint8Array(bytes)]), "x.glb");
      return (await fetch(t.url, { method: "POST", body: f })).status;
    };
    expect(await post((f) => f.set("key", "tmp/elsewhere.glb"))).toBe(403);
    expect(await post(() => {}, GLB.subarray(0, 100))).toBe(400);
    expect(await post(() => {}, GLB, false)).toBe(400);
    // nothing was stored: attaching it fails processing with a download failure
    const product = d.store.addProduct({ title: "Never uploaded" });
    const upd = await gql(`mutation { productUpdate(product: { id: "${product.id}" }, media: [{ originalSource: "${t.resourceUrl}", mediaContentType: MODEL_3D }]) { product { media(first: 1) { nodes { id } } } } }`);
    const id = upd.body.data!.productUpdate.product.media.nodes[0].id;
    let status = "";
    let errors: { code: string }[] = [];
    for (let i = 0; i < 6 && status !== "FAILED"; i++) {
      const n = (await gql(`{ node(id: "${id}") { ... on Media { status mediaErrors { code } } } }`)).body.data!.node;
      status = n.status;
      errors = n.mediaErrors;
    }
    expect(status).toBe("FAILED");
    expect(errors[0].code).toBe("GENERIC_FILE_DOWNLOAD_FAILURE");
  });

  it("a file that is not a GLB fails processing with MODEL3D_VALIDATION_ERROR", async () => {
    const product = d.store.addProduct({ title: "Fake" });
    const { target } = await stageAndUpload(Buffer.from("this is not a glb at all"), "fake.glb");
    const upd = await gql(`mutation { productUpdate(product: { id: "${product.id}" }, media: [{ originalSource: "${target.resourceUrl}", mediaContentType: MODEL_3D }]) { product { media(first: 1) { nodes { id } } } } }`);
    const id = upd.body.data!.productUpdate.product.media.nodes[0].id;
    let n: any;
    for (let i = 0; i < 6 && n?.status !== "FAILED"; i++) n = (await gql(`{ node(id: "${id}") { ... on Model3d { status mediaErrors { code } } } }`)).body.data!.node;
    expect(n).toEqual({ status: "FAILED", mediaErrors: [{ code: "MODEL3D_VALIDATION_ERROR" }] });
  });
});

describe("files and listing", () => {
  it("fileCreate makes a Model3d file from a staged upload that processes to READY", async () => {
    const { target } = await stageAndUpload(GLB, "library.glb");
    const res = await gql(
      `mutation F($files: [FileCreateInput!]!) { fileCreate(files: $files) { files { id fileStatus alt ... on Model3d { filename } } userErrors { field code message } } }`,
      { files: [{ originalSource: target.resourceUrl, contentType: "MODEL_3D", alt: "Library tee" }] },
    );
    expect(res.body.data!.fileCreate.userErrors).toEqual([]);
    const file = res.body.data!.fileCreate.files[0];
    expect(file).toMatchObject({ fileStatus: "UPLOADED", alt: "Library tee", filename: "library.glb" });
    let status = "";
    for (let i = 0; i < 6 && status !== "READY"; i++) status = (await gql(`{ node(id: "${file.id}") { ... on File { fileStatus } } }`)).body.data!.node.fileStatus;
    expect(status).toBe("READY");
    const blank = await gql(`mutation { fileCreate(files: [{ originalSource: " " }]) { files { id } userErrors { field code } } }`);
    expect(blank.body.data!.fileCreate.userErrors).toEqual([{ field: ["files", "0", "originalSource"], code: "INVALID" }]);
  });

  it("products(first, query) pages through the store with cursors", async () => {
    for (const title of ["Page Tee A", "Page Tee B", "Page Tee C"]) d.store.addProduct({ title, colors: ["Black"] });
    const q = `query L($first: Int!, $after: String) { products(first: $first, after: $after, query: "Page Tee") { nodes { title } pageInfo { hasNextPage endCursor } } }`;
    const p1 = (await gql(q, { first: 2 })).body.data!.products;
    expect(p1.nodes.map((n: { title: string }) => n.title)).toEqual(["Page Tee A", "Page Tee B"]);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await gql(q, { first: 2, after: p1.pageInfo.endCursor })).body.data!.products;
    expect(p2.nodes.map((n: { title: string }) => n.title)).toEqual(["Page Tee C"]);
    expect(p2.pageInfo.hasNextPage).toBe(false);
  });
});

describe("injected failures", () => {
  it("THROTTLED: errors with extensions.code and the cost block, no data, nothing changed", async () => {
    const product = d.store.addProduct({ title: "Throttle me" });
    d.inject({ type: "throttled" });
    const res = await gql(`mutation { productUpdate(product: { id: "${product.id}", title: "changed" }) { userErrors { message } } }`);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors![0].extensions!.code).toBe("THROTTLED");
    expect(res.body.extensions!.cost.throttleStatus.currentlyAvailable).toBeLessThan(res.body.extensions!.cost.requestedQueryCost);
    expect(d.store.products.get(product.id)!.title).toBe("Throttle me");
  });

  it("a query over the 1000-point single-query limit is refused", async () => {
    const res = await gql(`{ products(first: 250) { nodes { id variants(first: 250) { nodes { id } } } } }`);
    expect(res.body.errors![0].extensions!.code).toBe("MAX_COST_EXCEEDED");
  });

  it("HTTP 429 with Retry-After and HTTP 503, then normal service", async () => {
    d.inject({ type: "http", status: 429, retryAfter: 2 }, { type: "http", status: 503 });
    const a = await gql(`{ shop { name } }`);
    expect(a.status).toBe(429);
    expect(a.headers.get("retry-after")).toBe("2");
    expect((await gql(`{ shop { name } }`)).status).toBe(503);
    expect((await gql(`{ shop { name } }`)).status).toBe(200);
  });

  it("userErrors for a named mutation, once, leaving the store unchanged", async () => {
    const product = d.store.addProduct({ title: "Keep" });
    d.inject({ type: "userErrors", mutation: "productUpdate", userErrors: [{ field: ["media", "0"], message: "Media limit exceeded", code: "PRODUCT_MEDIA_LIMIT_EXCEEDED" }] });
    const q = `mutation { productUpdate(product: { id: "${product.id}", title: "New" }) { product { title } userErrors { field message } } }`;
    const first = await gql(q);
    expect(first.body.data!.productUpdate).toEqual({ product: null, userErrors: [{ field: ["media", "0"], message: "Media limit exceeded" }] });
    expect(d.store.products.get(product.id)!.title).toBe("Keep");
    const second = await gql(q);
    expect(second.body.data!.productUpdate.product.title).toBe("New");
  });

  it("media processing failure on demand", async () => {
    const product = d.store.addProduct({ title: "Will fail" });
    const { target } = await stageAndUpload(GLB, "fail.glb");
    d.inject({ type: "mediaFailed", code: "MODEL3D_PROCESSING_FAILURE" });
    const upd = await gql(`mutation { productUpdate(product: { id: "${product.id}" }, media: [{ originalSource: "${target.resourceUrl}", mediaContentType: MODEL_3D }]) { product { media(first: 1) { nodes { id } } } } }`);
    const id = upd.body.data!.productUpdate.product.media.nodes[0].id;
    let n: any;
    for (let i = 0; i < 6 && n?.status !== "FAILED"; i++) n = (await gql(`{ node(id: "${id}") { ... on Model3d { status mediaErrors { code } } } }`)).body.data!.node;
    expect(n.mediaErrors[0].code).toBe("MODEL3D_PROCESSING_FAILURE");
  });
});
