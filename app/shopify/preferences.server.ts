/**
 * Per-shop admin preferences (Shop.preferences, JSON): which products a webhook may start a pipeline
 * for, the views and quality a new setup starts with, and what the onboarding checklist cannot detect.
 * Input is validated with zod and refused whole; the stored JSON is read leniently (bad → defaults).
 */
import { z } from "zod";
import type { Db } from "../db/client.server";
import { setupViewSchema } from "../contracts/product-setup";

const term = z.string().trim().min(1).max(255);

export const automationSchema = z.object({
  /** false: webhooks never start pipelines (the merchant generates by hand) */
  enabled: z.boolean().default(true),
  /** a product must match every non-empty list (any entry of it); empty lists match all */
  tags: z.array(term).max(50).default([]),
  productTypes: z.array(term).max(50).default([]),
  vendors: z.array(term).max(50).default([]),
});
export type AutomationRules = z.infer<typeof automationSchema>;

export const QUALITIES = ["standard", "high"] as const;

export const preferencesSchema = z.object({
  automation: automationSchema.prefault({}),
  defaultViews: z.array(setupViewSchema).min(1).max(4).default(["front"]),
  /** standard: 1024² JPEG mockups; high: 2048² */
  quality: z.enum(QUALITIES).default("standard"),
  /** the merchant said the storefront block is in the theme (Shopify gives an app no way to see it without read_themes) */
  blockAdded: z.boolean().default(false),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const DEFAULTS: Preferences = preferencesSchema.parse({});

export class PreferencesInputError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("; "));
    this.name = "PreferencesInputError";
  }
}

export async function getPreferences(db: Db, shop: string): Promise<Preferences> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { preferences: true } });
  try {
    const parsed = preferencesSchema.safeParse(JSON.parse(row?.preferences ?? "{}"));
    return parsed.success ? parsed.data : DEFAULTS;
  } catch {
    return DEFAULTS;
  }
}

/** The stored preferences with a partial change applied; bad input throws (nothing is written here). */
export async function mergePreferences(db: Db, shop: string, change: unknown): Promise<Preferences> {
  const current = await getPreferences(db, shop);
  const merged = preferencesSchema.safeParse({ ...current, ...(typeof change === "object" && change ? change : {}) });
  if (!merged.success) throw new PreferencesInputError(merged.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  return merged.data;
}

/** Merges a partial change into the stored preferences; bad input throws and writes nothing. */
export async function savePreferences(db: Db, shop: string, change: unknown): Promise<Preferences> {
  return writePreferences(db, shop, await mergePreferences(db, shop, change));
}

export async function writePreferences(db: Db, shop: string, merged: Preferences): Promise<Preferences> {
  const preferences = JSON.stringify(merged);
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop, preferences }, update: { preferences } });
  return merged;
}

export interface AutomationSubject {
  tags: string[];
  productType: string | null | undefined;
  vendor: string | null | undefined;
}

/** Does a product pass the shop's automation rules? Case-insensitive, whole values. */
export function matchesAutomation(rules: AutomationRules, p: AutomationSubject): boolean {
  if (!rules.enabled) return false;
  const norm = (s: string) => s.trim().toLowerCase();
  const anyOf = (list: string[], values: string[]) => list.length === 0 || values.some((v) => list.map(norm).includes(norm(v)));
  return anyOf(rules.tags, p.tags) && anyOf(rules.productTypes, p.productType ? [p.productType] : []) && anyOf(rules.vendors, p.vendor ? [p.vendor] : []);
}
