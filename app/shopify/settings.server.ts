/**
 * Per-shop service settings: which providers run for a capability and in what order, and the base URL
 * and API key of each external service. API keys are stored AES-256-GCM encrypted (app/security) and
 * never leave the server: the public view says only whether a key is set.
 */
import { z } from "zod";
import type { Db } from "../db/client.server";
import type { ShopProviderChoice } from "../pipeline/types";
import { customIssue, inputIssue, zodIssues, type InputIssue } from "../i18n/issues.server";
import { decryptSecret, encryptSecret, keyFromEnv, SecretKeyError } from "../security/secrets.server";

import { PROVIDER_CATALOG, type CatalogEntry } from "./provider-catalog";
import { SERVICES, type PublicSettings, type Service } from "./settings-types";

export { PROVIDER_CATALOG, SERVICES, type CatalogEntry, type PublicSettings, type Service };

const MAX_URL = 500;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * https only, except plain http to this machine (local test servers); no credentials in the URL.
 * The empty string means "unset". One check at a time, so the merchant sees the first real problem.
 */
export const baseUrlSchema = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    if (s === "") return;
    if (s.length > MAX_URL) return customIssue(ctx, "urlTooLong", { max: MAX_URL });
    if (!URL.canParse(s)) return customIssue(ctx, "urlInvalid");
    const u = new URL(s);
    if (!(u.protocol === "https:" || (u.protocol === "http:" && LOCAL_HOSTS.has(u.hostname)))) {
      return customIssue(ctx, "urlHttps");
    }
    if (u.username || u.password) {
      customIssue(ctx, "urlCredentials");
    }
  })
  .transform((s) => s.replace(/\/+$/, ""));

/** An API key or client secret as typed: the empty string keeps the stored one. */
const apiKeySchema = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    if (s === "") return; // empty: keep the stored key
    if (s.length < 8) customIssue(ctx, "keyShort");
    else if (s.length > 512) customIssue(ctx, "keyLong", { max: 512 });
    else if (!/^[\x21-\x7e]+$/.test(s)) customIssue(ctx, "keyPrintable");
  });

const clientIdSchema = z
  .string()
  .trim()
  .max(200, "client id is too long (at most 200 characters)")
  .regex(/^[\x21-\x7e]*$/, "client id must be printable characters without spaces");

/** The outgoing alert webhook (Slack-compatible JSON): the same shape rules as a base URL; "" removes it. */
const alertsInputSchema = z.object({
  webhookUrl: baseUrlSchema.nullish(),
  /** minutes a provider's breaker must stay open before the shop is alerted (default 10) */
  outageMinutes: z.number().int().min(1).max(1440).optional(),
});

export const ALERT_DEFAULTS = { outageMinutes: 10 } as const;

const providerEntry = z.object({ name: z.string().min(1).max(40), enabled: z.boolean() });

/** What the settings form submits (JSON). Omitted apiKey keeps the stored one; clearApiKey removes it. */
export const settingsInputSchema = z.object({
  providers: z.record(z.string().max(40), z.array(providerEntry).max(10)).default({}),
  services: z
    .partialRecord(
      z.enum(SERVICES),
      z.object({
        baseUrl: baseUrlSchema.nullish(),
        apiKey: apiKeySchema.nullish(),
        clearApiKey: z.boolean().optional(),
        /** OAuth client credentials (CGTrader): the id is stored as is, the secret encrypted like a key */
        clientId: clientIdSchema.nullish(),
        clientSecret: apiKeySchema.nullish(),
        clearClientSecret: z.boolean().optional(),
        /** VirtualThreads.io only: let the storefront's live mockups try it before the local provider */
        storefront: z.boolean().optional(),
      }),
    )
    .default({}),
  alerts: alertsInputSchema.optional(),
});
export type SettingsInput = z.input<typeof settingsInputSchema>;

/**
 * The stored settings JSON. Loose: sections other modules own (`orders`: app/orders/retention.server.ts, `editor`:
 * the editor policy) pass through untouched whatever this module saves; they read and write them with
 * readSettingsSection / writeSettingsSection and validate them with their own schema.
 */
const storedSchema = z.looseObject({
  /** per capability, the providers in fallback order with their switch */
  providers: z.record(z.string(), z.array(providerEntry)).default({}),
  services: z
    .partialRecord(
      z.enum(SERVICES),
      z.object({
        baseUrl: z.string().nullish(),
        /** the key's last four characters, so the merchant can tell which key is stored */
        apiKeyHint: z.string().nullish(),
        clientId: z.string().nullish(),
        storefront: z.boolean().optional(),
      }),
    )
    .default({}),
  alerts: z.object({ webhookUrl: z.string().nullish(), outageMinutes: z.number().int().optional() }).default({}),
});
export type StoredSettings = z.infer<typeof storedSchema>;

const secretsSchema = z.record(z.string(), z.string());

function secretContext(shop: string, service: Service, field: "apiKey" | "clientSecret" = "apiKey"): string {
  return `${shop}/${service}.${field}`;
}
/** Where a service's client secret is kept in the secrets record (beside its API key under the service name). */
const clientSecretSlot = (s: Service) => `${s}.clientSecret`;

/** "…7890": enough for a merchant to recognise a key, useless to anyone else. */
function keyHint(key: string): string {
  return `…${key.slice(-4)}`;
}

export class SettingsInputError extends Error {
  /** "path: text" in English, one per problem */
  readonly issues: string[];
  constructor(readonly details: InputIssue[]) {
    const issues = details.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    super(issues.join("; "));
    this.issues = issues;
    this.name = "SettingsInputError";
  }
}

/** A stored text that is not JSON, or not the stored shape, reads as empty settings rather than failing every page. */
function parseStored(text: string | undefined): StoredSettings {
  try {
    const r = storedSchema.safeParse(JSON.parse(text ?? "{}"));
    if (r.success) return r.data;
  } catch {
    // fall through
  }
  return storedSchema.parse({});
}

async function readRow(db: Db, shop: string) {
  const row = await db.shop.findUnique({ where: { domain: shop } });
  const settings = parseStored(row?.settings);
  const secrets = secretsSchema.parse(row ? JSON.parse(row.secrets) : {});
  return { settings, secrets };
}

/** The catalogue merged with the shop's order/switches: unknown stored names are dropped, new ones appended. */
function mergedProviders(stored: StoredSettings["providers"]): PublicSettings["providers"] {
  const out: PublicSettings["providers"] = {};
  for (const [capability, catalog] of Object.entries(PROVIDER_CATALOG)) {
    const saved = stored[capability] ?? [];
    const ordered = [
      ...saved.filter((s) => catalog.some((c) => c.name === s.name)),
      ...catalog.filter((c) => !saved.some((s) => s.name === c.name)).map((c) => ({ name: c.name, enabled: true })),
    ];
    out[capability] = ordered.map((p) => {
      const c = catalog.find((x) => x.name === p.name)!;
      return { name: p.name, label: c.label, enabled: p.enabled, available: !c.notBuilt, ...(c.service ? { service: c.service } : {}) };
    });
  }
  return out;
}

export async function getPublicSettings(db: Db, shop: string): Promise<PublicSettings> {
  const { settings, secrets } = await readRow(db, shop);
  const services = {} as PublicSettings["services"];
  for (const s of SERVICES) {
    const saved = settings.services[s];
    services[s] = {
      baseUrl: saved?.baseUrl ?? null,
      apiKey: secrets[s] ? "set" : "not set",
      apiKeyHint: secrets[s] ? (saved?.apiKeyHint ?? null) : null,
      clientId: saved?.clientId ?? null,
      clientSecret: secrets[clientSecretSlot(s)] ? "set" : "not set",
      storefront: saved?.storefront === true,
    };
  }
  const alerts = { webhookUrl: settings.alerts.webhookUrl ?? null, outageMinutes: settings.alerts.outageMinutes ?? ALERT_DEFAULTS.outageMinutes };
  return { providers: mergedProviders(settings.providers), services, alerts };
}

/**
 * Provider names per capability in this process's provider registry. Imported on first call: the providers pull in
 * sharp, glTF-Transform and the Blender pool, which reading settings (and every job-listing command) never needs.
 */
export async function registeredProviderNames(): Promise<Record<string, string[]>> {
  const { orderedProviders } = await import("../providers.server");
  const out: Record<string, string[]> = {};
  for (const p of orderedProviders()) (out[p.capability] ??= []).push(p.name);
  return out;
}

/**
 * A capability whose registered providers are all switched off fails every job step, so such settings are
 * refused. Capabilities with nothing registered are skipped: no setting could make them work.
 */
function providerIssues(merged: PublicSettings["providers"], registered: Record<string, string[]>): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const [capability, list] of Object.entries(merged)) {
    const names = registered[capability] ?? [];
    if (names.length === 0) continue;
    const off = new Set(list.filter((p) => !p.enabled).map((p) => p.name));
    if (names.some((n) => !off.has(n))) continue;
    const usable = list.filter((p) => names.includes(p.name)).map((p) => p.label);
    issues.push(inputIssue(`providers.${capability}`, "providerNeeded", { providers: usable.join(", "), capability }));
  }
  return issues;
}

export interface SaveSettingsOptions {
  /** provider names per capability that this deployment has registered (default: app/providers.server.ts) */
  registered?: Record<string, string[]>;
}

/** Validates and stores; throws SettingsInputError (nothing written) on bad input. */
export async function saveSettings(db: Db, shop: string, raw: unknown, opts: SaveSettingsOptions = {}): Promise<PublicSettings> {
  const parsed = settingsInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SettingsInputError(zodIssues(parsed.error.issues));
  }
  const input = parsed.data;
  const issues: InputIssue[] = [];
  for (const [capability, list] of Object.entries(input.providers)) {
    const catalog = PROVIDER_CATALOG[capability];
    if (!catalog) issues.push(inputIssue(`providers.${capability}`, "unknownCapability"));
    else for (const p of list) if (!catalog.some((c) => c.name === p.name)) issues.push(inputIssue(`providers.${capability}`, "unknownProvider", { name: p.name }));
  }
  if (issues.length) throw new SettingsInputError(issues);

  const { settings, secrets } = await readRow(db, shop);
  for (const [capability, list] of Object.entries(input.providers)) settings.providers[capability] = list;
  const chosen = providerIssues(mergedProviders(settings.providers), opts.registered ?? (await registeredProviderNames()));
  if (chosen.length) throw new SettingsInputError(chosen);
  if (SERVICES.some((s) => (input.services[s]?.apiKey && !input.services[s]?.clearApiKey) || (input.services[s]?.clientSecret && !input.services[s]?.clearClientSecret))) {
    try {
      keyFromEnv();
    } catch (err) {
      if (!(err instanceof SecretKeyError)) throw err;
      // a configuration gap on the server, said plainly; the rest of the form is not saved either
      throw new SettingsInputError([inputIssue("", "noEncryptionKey")]);
    }
  }
  for (const s of SERVICES) {
    const change = input.services[s];
    if (!change) continue;
    const entry = (settings.services[s] ??= {});
    if (change.baseUrl !== undefined) entry.baseUrl = change.baseUrl || null;
    if (change.clearApiKey) {
      delete secrets[s];
      entry.apiKeyHint = null;
    } else if (change.apiKey) {
      secrets[s] = encryptSecret(change.apiKey, secretContext(shop, s));
      entry.apiKeyHint = keyHint(change.apiKey);
    }
    if (change.clientId !== undefined && change.clientId !== null) entry.clientId = change.clientId || null;
    if (change.clearClientSecret) delete secrets[clientSecretSlot(s)];
    else if (change.clientSecret) secrets[clientSecretSlot(s)] = encryptSecret(change.clientSecret, secretContext(shop, s, "clientSecret"));
    if (change.storefront !== undefined) {
      if (s !== "virtualthreads") throw new SettingsInputError([inputIssue(`services.${s}.storefront`, "storefrontOnlyVt")]);
      entry.storefront = change.storefront;
    }
  }
  if (input.alerts) {
    if (input.alerts.webhookUrl !== undefined) settings.alerts.webhookUrl = input.alerts.webhookUrl || null;
    if (input.alerts.outageMinutes !== undefined) settings.alerts.outageMinutes = input.alerts.outageMinutes;
  }
  const data = { settings: JSON.stringify(settings), secrets: JSON.stringify(secrets) };
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop, ...data }, update: data });
  return getPublicSettings(db, shop);
}

/** For providers (server side only): a service's base URL and decrypted key, or null when unset. */
export async function getServiceCredentials(
  db: Db,
  shop: string,
  service: Service,
): Promise<{ baseUrl: string | null; apiKey: string | null }> {
  const { settings, secrets } = await readRow(db, shop);
  const sealed = secrets[service];
  return {
    baseUrl: settings.services[service]?.baseUrl ?? null,
    apiKey: sealed ? decryptSecret(sealed, secretContext(shop, service)) : null,
  };
}

export interface ConnectorCredentials {
  /** null: the merchant has not set one (the connector is then not configured for this shop) */
  baseUrl: string | null;
  apiKey: string | null;
  clientId: string | null;
  clientSecret: string | null;
  /** VirtualThreads.io: the merchant enabled it for the storefront */
  storefront: boolean;
}

/** For connectors (server side only): everything a service needs to call its vendor, secrets decrypted. */
export async function getConnectorCredentials(db: Db, shop: string, service: Service): Promise<ConnectorCredentials> {
  const { settings, secrets } = await readRow(db, shop);
  const saved = settings.services[service];
  const key = secrets[service];
  const secret = secrets[clientSecretSlot(service)];
  return {
    baseUrl: saved?.baseUrl ?? null,
    apiKey: key ? decryptSecret(key, secretContext(shop, service)) : null,
    clientId: saved?.clientId ?? null,
    clientSecret: secret ? decryptSecret(secret, secretContext(shop, service, "clientSecret")) : null,
    storefront: saved?.storefront === true,
  };
}

/** The shop's alert settings (the outage alert reads them; app/connectors/shared/outage.server.ts). */
export async function getAlertSettings(db: Db, shop: string): Promise<{ webhookUrl: string | null; outageMinutes: number }> {
  const { settings } = await readRow(db, shop);
  return { webhookUrl: settings.alerts.webhookUrl ?? null, outageMinutes: settings.alerts.outageMinutes ?? ALERT_DEFAULTS.outageMinutes };
}

/** For the orchestrator: the shop's enabled providers for a capability in its order, and the ones it switched off. */
export async function providerOrder(db: Db, shop: string, capability: string): Promise<ShopProviderChoice | undefined> {
  if (!PROVIDER_CATALOG[capability]) return undefined;
  const { settings } = await readRow(db, shop);
  const all = mergedProviders(settings.providers)[capability];
  return { order: all.filter((p) => p.enabled).map((p) => p.name), disabled: all.filter((p) => !p.enabled).map((p) => p.name) };
}

/** The sections of the settings JSON that other modules own (each validates its own with its schema). */
export type SettingsSection = "orders" | "editor";

/** One section as stored (unvalidated: its owner parses it), undefined when unset. */
export async function readSettingsSection(db: Db, shop: string, section: SettingsSection): Promise<unknown> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { settings: true } });
  return parseStored(row?.settings)[section];
}

/** Replaces one section, keeping every other setting as stored. */
export async function writeSettingsSection(db: Db, shop: string, section: SettingsSection, value: unknown): Promise<void> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { settings: true } });
  const text = JSON.stringify({ ...parseStored(row?.settings), [section]: value });
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop, settings: text }, update: { settings: text } });
}
