/**
 * The one shape admin pages need from the Shopify library's Admin API client (`admin.graphql` from
 * authenticate.admin or unauthenticated.admin), and a helper that reads `data` or throws with the errors.
 */
export type AdminGraphql = (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;

export class AdminApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AdminApiError";
  }
}

export async function adminQuery<T>(graphql: AdminGraphql, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await graphql(query, variables ? { variables } : undefined);
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new AdminApiError(body.errors?.map((e) => e.message).join("; ") || "no data from the Admin API");
  return body.data;
}
