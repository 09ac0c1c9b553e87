/**
 * The admin's "not found" and error pages: Polaris, in the merchant's language, inside the app layout
 * (its AppProvider and NavMenu stay). A page that does not exist and another shop's id look the same.
 */
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Card, EmptyState, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useT } from "../i18n/use-t";

/** A Polaris empty-state image shipped with the app (no CDN: the admin iframe may block it). */
const EMPTY_IMAGE =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="226" height="226" viewBox="0 0 226 226"><circle cx="113" cy="113" r="100" fill="#f1f1f1"/><path d="M78 70h70v86H78z" fill="#fff" stroke="#8a8a8a" stroke-width="4"/><path d="M92 96h42M92 113h42M92 130h26" stroke="#b5b5b5" stroke-width="6" stroke-linecap="round"/><circle cx="150" cy="150" r="22" fill="#fff" stroke="#303030" stroke-width="6"/><path d="M166 166l16 16" stroke="#303030" stroke-width="8" stroke-linecap="round"/></svg>',
  );

export function NotFoundPage() {
  const t = useT();
  return (
    <Page>
      <TitleBar title={t("notFound.title")} />
      <Card>
        <EmptyState heading={t("notFound.title")} action={{ content: t("notFound.home"), url: "/app" }} image={EMPTY_IMAGE}>
          <p>{t("notFound.body")}</p>
        </EmptyState>
      </Card>
    </Page>
  );
}

function ErrorPage({ status }: { status: number }) {
  const t = useT();
  return (
    <Page>
      <Card>
        <EmptyState heading={t("error.title")} action={{ content: t("notFound.home"), url: "/app" }} image={EMPTY_IMAGE}>
          <p>{t("error.body", { status })}</p>
        </EmptyState>
      </Card>
    </Page>
  );
}

/**
 * ErrorBoundary for every admin page: 404 → the not-found page; another HTTP error → a short error
 * page; anything else goes to Shopify's boundary (it turns auth responses into the right headers).
 */
export function AdminErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return <NotFoundPage />;
    if (error.status !== 401 && error.status !== 302) return <ErrorPage status={error.status} />;
  }
  return boundary.error(error);
}

/** For loaders: the one way to say "not here" (unknown id, another shop's id). */
export function notFound(): Response {
  return new Response("Not Found", { status: 404 });
}
