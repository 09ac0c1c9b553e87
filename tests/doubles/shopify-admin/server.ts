/**
 * A local stand-in for one shop's Admin GraphQL API (2026-04) and its staged-upload storage.
 *
 *   POST /admin/api/2026-04/graphql.json   every operation is parsed, VALIDATED against the pinned
 *                                          schema and its variables coerced, then run on an in-memory store
 *   POST /staged/:token                    multipart upload (every target parameter, then `file`)
 *   PUT  /staged/:token                    raw upload for httpMethod PUT targets
 *
 * Invalid operations get HTTP 200 with `errors` (as Shopify answers them). Every answer carries
 * `extensions.cost` from a leaky bucket. Failures can be injected: THROTTLED, HTTP 429/503, userErrors,
 * and failed media processing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import {
  execute,
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
} from "graphql";
import { queryCost } from "./cost";
import { makeRoot } from "./resolvers";
import { ADMIN_API_VERSION, adminSchema } from "./schema";
import { AdminStore } from "./store";

export type InjectedFailure =
  | { type: "throttled" }
  | { type: "http"; status: 429 | 500 | 502 | 503; retryAfter?: number }
  | { type: "userErrors"; mutation: string; userErrors: { field: string[] | null; message: string; code?: string }[] }
  | { type: "mediaFailed"; code?: string; message?: string };

export interface AdminDoubleOptions {
  /** accepted X-Shopify-Access-Token values (default: any non-empty token) */
  accessTokens?: string[];
  /** leaky bucket size and restore rate per second (Shopify Standard: 2000 / 100) */
  bucketSize?: number;
  restoreRate?: number;
  /** largest staged upload accepted, bytes (default 100 MB) */
  maxUploadBytes?: number;
  /** port on 127.0.0.1 (default 0: a free one; the browser tests' server fixes it so specs can reach it) */
  port?: number;
}

export interface RecordedRequest {
  operationName?: string;
  query: string;
  variables: Record<string, unknown>;
  status: number;
  errors?: unknown[];
}

export interface AdminDouble {
  url: string;
  /** https://{shop}/admin/api/2026-04/graphql.json equivalent */
  graphqlUrl: string;
  store: AdminStore;
  requests: RecordedRequest[];
  inject(...failures: InjectedFailure[]): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": typeof body === "string" ? "text/plain" : "application/json", ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw Object.assign(new Error("body too large"), { status: 413 });
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Shopify-like error codes for graphql-js validation messages. */
function errorCode(message: string): string {
  if (/Cannot query field/.test(message)) return "undefinedField";
  if (/Unknown argument/.test(message)) return "argumentNotAccepted";
  if (/argument .* of type .* is required/i.test(message)) return "missingRequiredArguments";
  if (/Variable "\$/.test(message)) return "variableMismatch";
  if (/Expected value of type|cannot represent/i.test(message)) return "argumentLiteralsIncompatible";
  if (/Unknown type/.test(message)) return "undefinedType";
  if (/must have a selection of subfields|must not have a selection/.test(message)) return "selectionMismatch";
  return "GRAPHQL_VALIDATION_FAILED";
}

function formatError(e: GraphQLError) {
  return {
    message: e.message,
    ...(e.locations ? { locations: e.locations } : {}),
    ...(e.path ? { path: e.path } : {}),
    extensions: { code: (e.extensions?.code as string) ?? errorCode(e.message) },
  };
}

export async function startAdminDouble(opts: AdminDoubleOptions = {}): Promise<AdminDouble> {
  const schema = adminSchema();
  const store = new AdminStore();
  const requests: RecordedRequest[] = [];
  const queue: InjectedFailure[] = [];
  const bucketSize = opts.bucketSize ?? 2000;
  const restoreRate = opts.restoreRate ?? 100;
  const maxUpload = opts.maxUploadBytes ?? 100 * 1024 * 1024;
  let available = bucketSize;
  let lastRefill = Date.now();
  let baseUrl = "";

  function refill() {
    const now = Date.now();
    available = Math.min(bucketSize, available + ((now - lastRefill) / 1000) * restoreRate);
    lastRefill = now;
  }
  const cost = (requested: number, actual: number) => ({
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: { maximumAvailable: bucketSize, currentlyAvailable: Math.floor(available), restoreRate },
  });

  function takeFailure<T extends InjectedFailure["type"]>(type: T, match?: (f: Extract<InjectedFailure, { type: T }>) => boolean) {
    const i = queue.findIndex((f) => f.type === type && (!match || match(f as Extract<InjectedFailure, { type: T }>)));
    return i < 0 ? undefined : (queue.splice(i, 1)[0] as Extract<InjectedFailure, { type: T }>);
  }

  async function graphqlHandler(req: IncomingMessage, res: ServerResponse) {
    const token = req.headers["x-shopify-access-token"];
    if (typeof token !== "string" || !token || (opts.accessTokens && !opts.accessTokens.includes(token))) {
      return send(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }
    const http = takeFailure("http");
    if (http) {
      const headers: Record<string, string> = http.retryAfter !== undefined ? { "Retry-After": String(http.retryAfter) } : {};
      const body = http.status === 429 ? { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." } : { errors: "Service Unavailable" };
      requests.push({ query: "", variables: {}, status: http.status });
      return send(res, http.status, body, headers);
    }
    let payload: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      payload = JSON.parse((await readBody(req, 1024 * 1024)).toString("utf8"));
    } catch {
      return send(res, 400, { errors: { query: "Required parameter missing or invalid" } });
    }
    const query = typeof payload.query === "string" ? payload.query : "";
    const variables = (payload.variables && typeof payload.variables === "object" ? payload.variables : {}) as Record<string, unknown>;
    const operationName = typeof payload.operationName === "string" ? payload.operationName : undefined;
    const record = (status: number, errors?: unknown[]) => requests.push({ query, variables, operationName, status, errors });

    if (!query) {
      record(400);
      return send(res, 400, { errors: { query: "Required parameter missing or invalid" } });
    }
    let doc: DocumentNode;
    try {
      doc = parse(query);
    } catch (e) {
      const errors = [formatError(e as GraphQLError)].map((x) => ({ ...x, extensions: { code: "parseError" } }));
      record(200, errors);
      return send(res, 200, { errors });
    }
    const validationErrors = validate(schema, doc);
    if (validationErrors.length) {
      const errors = validationErrors.map(formatError);
      record(200, errors);
      return send(res, 200, { errors });
    }
    const op = getOperationAST(doc, operationName);
    if (!op) {
      const errors = [{ message: "An operation name is required when the document has several operations", extensions: { code: "operationNotFound" } }];
      record(200, errors);
      return send(res, 200, { errors });
    }
    const fragments = Object.fromEntries(
      doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    const requested = queryCost(schema, op, fragments, variables);
    refill();
    if (requested > 1000) {
      const errors = [{ message: `Query cost is ${requested}, which exceeds the single query max cost limit (1000).`, extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: 1000 } }];
      record(200, errors);
      return send(res, 200, { errors, extensions: { cost: cost(requested, 0) } });
    }
    // an injected throttle answers as an empty bucket would, without draining the real one
    const injectedThrottle = takeFailure("throttled");
    if (injectedThrottle || requested > available) {
      const errors = [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }];
      record(200, errors);
      const c = cost(requested, 0);
      if (injectedThrottle) c.throttleStatus.currentlyAvailable = 0;
      return send(res, 200, { errors, extensions: { cost: c } });
    }
    available -= requested;

    store.epoch++;
    const failMedia = takeFailure("mediaFailed");
    const before = new Set(store.media.keys());
    const result = await execute({
      schema,
      document: doc,
      operationName,
      variableValues: variables,
      rootValue: makeRoot({
        store,
        baseUrl,
        takeUserErrors: (mutation) => takeFailure("userErrors", (f) => f.mutation === mutation)?.userErrors,
      }),
    });
    if (failMedia) {
      for (const [id, m] of store.media) {
        if (!before.has(id)) m.failWith = { code: failMedia.code ?? "MODEL3D_PROCESSING_FAILURE", message: failMedia.message ?? "Processing failed (injected)." };
      }
    }
    // coercion errors for variables come back without data: Shopify answers them like validation errors
    const errors = result.errors?.map(formatError);
    record(200, errors);
    send(res, 200, {
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(errors ? { errors } : {}),
      extensions: { cost: cost(requested, requested) },
    });
  }

  async function stagedHandler(req: IncomingMessage, res: ServerResponse, token: string) {
    const upload = store.staged.get(token);
    const xmlError = (status: number, code: string, message: string) => {
      res.writeHead(status, { "Content-Type": "application/xml" });
      res.end(`<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    };
    if (!upload) return xmlError(404, "NoSuchUpload", "Unknown staged upload target.");
    if (req.method !== upload.httpMethod) return xmlError(405, "MethodNotAllowed", `This target takes ${upload.httpMethod}.`);
    let bytes: Buffer;
    if (upload.httpMethod === "PUT") {
      if (req.headers["content-type"] !== upload.mimeType) return xmlError(403, "SignatureDoesNotMatch", "Content-Type differs from the signed one.");
      bytes = await readBody(req, maxUpload);
    } else {
      const request = new Request(`http://double${req.url}`, {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: Readable.toWeb(req) as ReadableStream,
        duplex: "half",
      } as RequestInit);
      let form: FormData;
      try {
        form = await request.formData();
      } catch {
        return xmlError(400, "InvalidArgument", "Body is not multipart/form-data.");
      }
      const entries = [...form.entries()];
      for (const p of upload.parameters) {
        if (form.get(p.name) !== p.value) return xmlError(403, "InvalidPolicyDocument", `Form field ${p.name} is missing or altered.`);
      }
      const last = entries.at(-1);
      if (!last || last[0] !== "file" || typeof last[1] === "string") return xmlError(400, "InvalidArgument", "The file must be the last form field, named file.");
      bytes = Buffer.from(await (last[1] as Blob).arrayBuffer());
      if (bytes.length > maxUpload) return xmlError(400, "EntityTooLarge", "Upload too large.");
    }
    if (upload.fileSize !== undefined && bytes.length !== upload.fileSize) {
      return xmlError(400, "InvalidPolicyDocument", `Upload is ${bytes.length} bytes; the target was created for ${upload.fileSize}.`);
    }
    upload.bytes = bytes;
    if (upload.httpMethod === "PUT") return send(res, 200, "");
    res.writeHead(201, { "Content-Type": "application/xml", Location: upload.resourceUrl });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><PostResponse><Location>${upload.resourceUrl}</Location><Key>${upload.parameters.find((p) => p.name === "key")?.value}</Key></PostResponse>`);
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://double");
    const run = async () => {
      if (url.pathname === `/admin/api/${ADMIN_API_VERSION}/graphql.json`) {
        if (req.method !== "POST") return send(res, 405, { errors: "Method not allowed" });
        return graphqlHandler(req, res);
      }
      if (/^\/admin\/api\/[^/]+\/graphql\.json$/.test(url.pathname)) return send(res, 404, { errors: "Not Found (this double serves 2026-04 only)" });
      const staged = /^\/staged\/([0-9a-f]{32})$/.exec(url.pathname);
      if (staged) return stagedHandler(req, res, staged[1]);
      const file = /^\/staged\/([0-9a-f]{32})\/.+$/.exec(url.pathname);
      if (file && req.method === "GET") {
        const u = store.staged.get(file[1]);
        if (!u?.bytes) return send(res, 404, "not found");
        res.writeHead(200, { "Content-Type": u.mimeType });
        return res.end(u.bytes);
      }
      // the "CDN": READY media by id, as Shopify serves them from cdn.shopify.com
      const cdn = /^\/cdn\/(\d+)\/.+$/.exec(url.pathname);
      if (cdn && req.method === "GET") {
        const m = [...store.media.values()].find((x) => x.id.endsWith(`/${cdn[1]}`));
        if (!m?.bytes || m.state !== "READY") return send(res, 404, "not found");
        res.writeHead(200, { "Content-Type": m.mediaContentType === "MODEL_3D" ? "model/gltf-binary" : "application/octet-stream" });
        return res.end(m.bytes);
      }
      send(res, 404, { errors: "Not Found" });
    };
    run().catch((err) => {
      if (!res.headersSent) send(res, (err as { status?: number }).status ?? 500, { errors: String((err as Error).message) });
    });
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    graphqlUrl: `${baseUrl}/admin/api/${ADMIN_API_VERSION}/graphql.json`,
    store,
    requests,
    inject: (...f) => queue.push(...f),
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
