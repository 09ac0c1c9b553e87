/**
 * A shop's admin preferences (Shop.preferences): automation rules for webhook pipelines, the views and
 * quality a new product setup starts with, and the onboarding step the app cannot detect itself.
 */
import { z } from "zod";
import { setupViewSchema } from "./product-setup";

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

