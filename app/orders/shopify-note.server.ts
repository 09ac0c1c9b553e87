/**
 * The merchant's review written onto the Shopify order itself (decision 126), where they and their team look:
 *  - a rejection appends one line with the reason to the order's note (the note is the merchant's: it is read first
 *    and only appended to, never replaced);
 *  - the order carries the tag `design-rejected` while any of its design lines is rejected (filterable in Shopify's
 *    order list); approving the last rejected line removes it and appends an "approved" line.
 * Through the shop's Admin API (`write_orders`). The review itself is already saved when this runs: a failure here
 * (no scope yet, the order deleted, Shopify down) never undoes it; the page tells the merchant the note failed.
 */
import type { ReviewState } from "../contracts/order-line";
import type { T } from "../i18n/translate";
import { AdminApiError, adminQuery, type AdminGraphql } from "../shopify/admin-graphql.server";

export const DEFAULTS = {
  /** tag on an order with a rejected design line */
  tag: "design-rejected",
  /** the note is not grown past this many characters (older lines are the merchant's to tidy) */
  maxNoteChars: 5000,
} as const;

const ORDER_NOTE = `query MockupOrderNote($id: ID!) { order(id: $id) { id note tags } }`;
const UPDATE_NOTE = `mutation MockupOrderNoteUpdate($input: OrderInput!) { orderUpdate(input: $input) { order { id } userErrors { field message } } }`;
const TAGS_ADD = `mutation MockupOrderTag($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }`;
const TAGS_REMOVE = `mutation MockupOrderUntag($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { id } userErrors { field message } } }`;

type UserErrors = { userErrors: { field: string[] | null; message: string }[] };

function check(name: string, payload: UserErrors | null | undefined): void {
  if (!payload) throw new AdminApiError(`${name}: no answer`);
  if (payload.userErrors.length) throw new AdminApiError(`${name}: ${payload.userErrors.map((e) => e.message).join("; ")}`);
}

export interface ReviewNote {
  /** Shopify order id (numeric) */
  orderId: string;
  lineId: string;
  review: ReviewState;
  reason: string | null;
  /** the line was rejected before this review */
  wasRejected: boolean;
  /** after this review, some design line of the order is rejected */
  orderRejected: boolean;
}

/** What changes on the order for this review; nothing for an approval of a line that was never rejected. */
export function noteLine(r: ReviewNote, t: T): string | null {
  if (r.review === "rejected") return t("orders.noteRejected", { line: r.lineId, reason: r.reason ?? "" });
  if (r.review === "approved" && r.wasRejected) return t("orders.noteApproved", { line: r.lineId });
  return null;
}

/** Notes the review on the order; throws AdminApiError when Shopify refuses or cannot be reached. */
export async function noteReviewOnOrder(graphql: AdminGraphql, r: ReviewNote, t: T): Promise<void> {
  const id = `gid://shopify/Order/${r.orderId}`;
  const line = noteLine(r, t);
  if (line) {
    const { order } = await adminQuery<{ order: { id: string; note: string | null; tags: string[] } | null }>(graphql, ORDER_NOTE, { id });
    if (!order) throw new AdminApiError(`order ${r.orderId} not found`);
    const note = order.note ? `${order.note}\n${line}` : line;
    if (note.length <= DEFAULTS.maxNoteChars) {
      const out = await adminQuery<{ orderUpdate: UserErrors | null }>(graphql, UPDATE_NOTE, { input: { id, note } });
      check("orderUpdate", out.orderUpdate);
    }
  }
  if (r.orderRejected) {
    check("tagsAdd", (await adminQuery<{ tagsAdd: UserErrors | null }>(graphql, TAGS_ADD, { id, tags: [DEFAULTS.tag] })).tagsAdd);
  } else if (r.wasRejected) {
    check("tagsRemove", (await adminQuery<{ tagsRemove: UserErrors | null }>(graphql, TAGS_REMOVE, { id, tags: [DEFAULTS.tag] })).tagsRemove);
  }
}
