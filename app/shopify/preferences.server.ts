/**
 * Per-shop admin preferences (Shop.preferences, JSON): which products a webhook may start a pipeline
 * for, the views and quality a new setup starts with, and what the onboarding checklist cannot detect.
 * Input is validated with zod and refused whole; the stored JSON is read leniently (bad → defaults).
 */
import type { Db } from "../db/client.server";
import { zodIssues, type InputIssue } from "../i18n/issues.server";
import { DEFAULTS, preferencesSchema, type AutomationRules, type Preferences } from "../contracts/preferences";

export { DEFAULTS, QUALITIES, preferencesSchema, type AutomationRules, type Preferences } from "../contracts/preferences";

export class PreferencesInputError extends Error {
  constructor(readonly issues: InputIssue[]) {
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
  if (!merged.success) throw new PreferencesInputError(zodIssues(merged.error.issues));
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
