/** JSON columns are TEXT in both providers; these keep parsing at one place. */
import type { z } from "zod";

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(text: string | null | undefined, schema: z.ZodType<T>): T {
  return schema.parse(text == null ? null : JSON.parse(text));
}
