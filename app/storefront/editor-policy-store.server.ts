/**
 * Where the merchant's rules for the shopper editor live: the shop's settings section `editor`
 * (app/shopify/settings.server.ts), checked by the editor-policy contract. Its own small module so the admin's
 * Settings page and /proxy/editor-config read the rules without loading the editor's renderer (sharp, fonts).
 */
import { editorPolicySchema, type EditorPolicy } from "../contracts/editor-policy";
import type { Db } from "../db/client.server";
import { readSettingsSection, writeSettingsSection } from "../shopify/settings.server";

/** The merchant's policy for the editor, defaults when unset. */
export async function readEditorPolicy(db: Db, shop: string): Promise<EditorPolicy> {
  const p = editorPolicySchema.safeParse((await readSettingsSection(db, shop, "editor")) ?? {});
  return p.success ? p.data : editorPolicySchema.parse({});
}

/** Saves the merchant's editor policy, keeping every other setting. */
export async function saveEditorPolicy(db: Db, shop: string, input: unknown): Promise<EditorPolicy> {
  const policy = editorPolicySchema.parse(input);
  await writeSettingsSection(db, shop, "editor", policy);
  return policy;
}
