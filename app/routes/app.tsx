import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError, type ShouldRevalidateFunction } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NAV } from "../admin/nav";
import { messagesFor, polarisTranslations } from "../i18n/catalog.server";
import { requestLocale } from "../i18n/locale";
import { makeT } from "../i18n/translate";
import { authenticate } from "../shopify.server";
import { shopifyEnv } from "../shopify/env.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  const locale = requestLocale(request);
  // the API key is public (App Bridge needs it in the page); the secret never leaves the server.
  // Only the merchant's language travels: our messages and Polaris' own strings.
  return json({ apiKey: shopifyEnv().apiKey, locale, messages: messagesFor(locale), polaris: polarisTranslations(locale) });
};

// The locale comes with the document URL Shopify opens; client-side navigations carry none, so the layout
// keeps what it loaded first instead of re-reading it from a data request.
export const shouldRevalidate: ShouldRevalidateFunction = () => false;

export default function App() {
  const { apiKey, locale, messages, polaris } = useLoaderData<typeof loader>();
  const t = makeT(messages, undefined, locale);
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} i18n={polaris}>
      <div lang={locale}>
        <NavMenu>
          {NAV.map((n, i) => (
            <Link key={n.to} to={n.to} {...(i === 0 ? { rel: "home" } : {})}>
              {t(n.label)}
            </Link>
          ))}
        </NavMenu>
        <Outlet />
      </div>
    </AppProvider>
  );
}

// Shopify needs Remix to catch thrown responses so its headers reach the browser. Pages have their own
// boundary (admin/not-found.tsx) inside this layout; this one sees only the layout's own failures (auth).
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
