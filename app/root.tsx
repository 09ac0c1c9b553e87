import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";

function Document({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <link rel="stylesheet" href="https://cdn.shopify.com/static/fonts/inter/v4/styles.css" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

/**
 * Outside the admin (a mistyped URL, a crawler): a plain page that says what happened, hydrated without
 * errors. Admin pages never reach this: they have the Polaris not-found page (app/admin/not-found.tsx).
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <Document>
      <main style={{ fontFamily: "Inter, system-ui, sans-serif", maxWidth: 560, margin: "15vh auto", padding: 24, textAlign: "center" }}>
        <h1 style={{ fontSize: 22 }}>{status === 404 ? "Page not found · Seite nicht gefunden" : "Something went wrong · Etwas ist schiefgelaufen"}</h1>
        <p style={{ color: "#616161" }}>{status === 404 ? "This address does not exist." : `Error ${status}.`}</p>
      </main>
    </Document>
  );
}
