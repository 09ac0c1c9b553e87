import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { usePollWhile } from "../admin/use-poll-while";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Page, Text, TextField, Thumbnail } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";
import { listExports, listOrders, OrderInputError, reviewLine, type OrderLineView, type OrderView } from "../orders/admin.server";
import { retentionDays, retentionDaysSchema, saveRetentionDays } from "../orders/retention.server";
import { noteReviewOnOrder } from "../orders/shopify-note.server";
import { translator } from "../i18n/catalog.server";
import { requestLocale } from "../i18n/locale";
import { logger } from "../monitoring/logger.server";
import { SectionCard } from "../admin/section-card";
import { AdminErrorBoundary } from "../admin/not-found";
import { useT } from "../i18n/use-t";
import type { T } from "../i18n/translate";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const db = routeDb();
  const [orders, exports, days] = await Promise.all([listOrders(db, session.shop), listExports(db, session.shop), retentionDays(db, session.shop)]);
  return json({ orders, exports, days });
};

/** Answers carry a message key (orders.*), translated by the page in the merchant's language. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const db = routeDb();
  try {
    if (form.intent === "retention") {
      // only a bad number is the merchant's error; a database failure must not read as one
      const days = retentionDaysSchema.safeParse(form.days);
      if (!days.success) return json({ ok: false as const, error: "orders.retentionInvalid" }, { status: 400 });
      return json({ ok: true as const, days: await saveRetentionDays(db, session.shop, days.data) });
    }
    const r = await reviewLine(db, session.shop, form);
    // saved here first; the note on the Shopify order follows, and its failure is said, not thrown
    const noted = await noteReviewOnOrder(admin.graphql, r, translator(requestLocale(request))).then(
      () => true,
      (err: unknown) => {
        logger.warn({ err, shop: session.shop, order: r.orderId }, "review not noted on the Shopify order");
        return false;
      },
    );
    return json({ ok: true as const, review: r.review, noted });
  } catch (err) {
    if (!(err instanceof OrderInputError)) throw err;
    const key = { reason_required: "orders.reasonRequired", not_found: "orders.notFound", not_printable: "orders.notPrintable", bad_request: "orders.error" }[err.code];
    return json({ ok: false as const, error: key }, { status: err.status });
  }
};

export const ErrorBoundary = AdminErrorBoundary;

/** Same-origin fetches carry the session token (App Bridge), plain links and <img> do not: fetch, then hand the bytes over. */
async function fetchBlob(url: string, signal?: AbortSignal): Promise<Blob> {
  const res = await fetch(url, { signal });
  if (!res.ok) throw new Error(`${res.status}`);
  return res.blob();
}

async function download(url: string, filename: string) {
  const href = URL.createObjectURL(await fetchBlob(url));
  const a = document.createElement("a");
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * A thumbnail of a file behind the session token: fetched, shown through a blob URL, and that URL revoked when the
 * thumbnail goes or its file changes. Unmounted mid-fetch, the fetch is aborted and no URL is ever made.
 */
function AuthedThumbnail({ url, alt }: { url: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    let href: string | null = null;
    fetchBlob(url, abort.signal)
      .then((b) => {
        if (abort.signal.aborted) return;
        href = URL.createObjectURL(b);
        setSrc(href);
      })
      .catch(() => !abort.signal.aborted && setSrc(null));
    return () => {
      abort.abort();
      if (href) URL.revokeObjectURL(href);
    };
  }, [url]);
  return src ? <Thumbnail source={src} alt={alt} size="large" /> : <Box minWidth="80px" minHeight="80px" background="bg-surface-secondary" borderRadius="200" />;
}

const jobTone = (s: string) => (s === "succeeded" ? "success" : s === "failed" ? "critical" : s === "running" ? "info" : undefined);

function LineCard({ line, order, t }: { line: OrderLineView; order: OrderView; t: T }) {
  const fetcher = useFetcher<typeof action>();
  const [reason, setReason] = useState("");
  const [rejecting, setRejecting] = useState(false);
  const s = (k: string, v?: Record<string, string | number>) => t(`orders.${k}`, v);
  const error = fetcher.data && !fetcher.data.ok ? t(fetcher.data.error) : null;
  const notNoted = fetcher.state === "idle" && fetcher.data?.ok && "noted" in fetcher.data && !fetcher.data.noted;
  const busy = fetcher.state !== "idle";
  return (
    <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200" data-line={line.lineId}>
      <InlineStack gap="400" blockAlign="start" wrap={false}>
        {line.mockupKey ? <AuthedThumbnail url={`/app/orders/files/${line.mockupKey}`} alt={s("mockup")} /> : <Box minWidth="80px" />}
        <BlockStack gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {s("line")} {line.lineId} · {line.designKind ? s(`design_${line.designKind}`) : (line.designName ?? line.designId)}
            </Text>
            {line.state !== "ok" && <Badge tone="critical">{s(`state_${line.state}`)}</Badge>}
            {line.state === "ok" && (line.review === "approved" ? <Badge tone="success">{s("approved")}</Badge> : line.review === "rejected" ? <Badge tone="critical">{s("rejectedBecause", { reason: line.reviewReason ?? "" })}</Badge> : <Badge tone="attention">{s("pending")}</Badge>)}
            {line.step && <Badge tone={jobTone(line.step.status)}>{s(`job_${line.step.status === "pending" ? "queued" : line.step.status}`)}</Badge>}
          </InlineStack>
          {line.step?.error && <Text as="p" tone="critical">{line.step.error}</Text>}
          {line.files.length === 0 ? (
            line.state === "ok" && <Text as="p" tone="subdued">{s("noFiles")}</Text>
          ) : (
            <InlineStack gap="200">
              {line.files.map((f) => (
                <InlineStack key={f.key} gap="100" blockAlign="center">
                  <Button size="slim" onClick={() => void download(`/app/orders/files/${f.key}`, `${order.name}-${line.lineId}-${f.area}.png`)}>
                    {`${s("download")}: ${t(`area.${f.area}`)} (${f.width}×${f.height})`}
                  </Button>
                  <Badge tone={f.lowDpi ? "warning" : "success"}>{f.lowDpi ? s("lowDpi", { dpi: Math.round(f.effectiveDpi) }) : s("dpiOk", { dpi: Math.round(f.effectiveDpi) })}</Badge>
                </InlineStack>
              ))}
            </InlineStack>
          )}
          {line.state === "ok" && (
            <BlockStack gap="200">
              {error && <Banner tone="critical">{error}</Banner>}
              {notNoted && <Banner tone="warning">{s("notNoted")}</Banner>}
              {rejecting && <TextField label={s("reason")} value={reason} onChange={setReason} autoComplete="off" multiline={2} maxLength={500} />}
              <InlineStack gap="200">
                <Button variant="primary" disabled={busy || line.review === "approved"} onClick={() => fetcher.submit({ intent: "approve", lineId: line.id }, { method: "post" })}>
                  {s("approve")}
                </Button>
                <Button tone="critical" disabled={busy} onClick={() => (rejecting ? fetcher.submit({ intent: "reject", lineId: line.id, reason }, { method: "post" }) : setRejecting(true))}>
                  {s("reject")}
                </Button>
              </InlineStack>
            </BlockStack>
          )}
        </BlockStack>
      </InlineStack>
    </Box>
  );
}

function RetentionCard({ days, t }: { days: number; t: T }) {
  const fetcher = useFetcher<typeof action>();
  const [value, setValue] = useState(String(days));
  const error = fetcher.data && !fetcher.data.ok ? t(fetcher.data.error) : undefined;
  return (
    <SectionCard gap="200" title={t("orders.retention")} help={t("orders.retentionHelp")}>
        <InlineStack gap="200" blockAlign="end">
          <TextField label={t("orders.retentionDays")} type="number" min={1} max={3650} value={value} onChange={setValue} autoComplete="off" error={error} />
          <Button loading={fetcher.state !== "idle"} onClick={() => fetcher.submit({ intent: "retention", days: value }, { method: "post" })}>
            {t("orders.save")}
          </Button>
          {fetcher.data?.ok && <Badge tone="success">{t("orders.saved")}</Badge>}
        </InlineStack>
    </SectionCard>
  );
}

export default function OrdersPage() {
  const { orders, exports, days } = useLoaderData<typeof loader>();
  const t = useT();
  // print files appear without any user action: poll while a job is working
  usePollWhile(orders.some((o) => o.job && (o.job.status === "queued" || o.job.status === "running")));
  const s = (k: string, v?: Record<string, string | number>) => t(`orders.${k}`, v);
  return (
    <Page title={s("title")} subtitle={s("intro")}>
      <TitleBar title={s("title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {orders.length === 0 && (
              <Card>
                <Text as="p">{s("empty")}</Text>
              </Card>
            )}
            {orders.map((o) => (
              <Card key={o.id}>
                <BlockStack gap="300">
                  <InlineStack align="space-between" blockAlign="center">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="h2" variant="headingMd">
                        {s("order")} {o.name || o.orderId}
                      </Text>
                      {o.job && <Badge tone={jobTone(o.job.status)}>{`${s(`job_${o.job.status}`)}${o.job.status === "running" ? ` ${o.job.progress} %` : ""}`}</Badge>}
                    </InlineStack>
                    <Button disabled={!o.lines.some((l) => l.files.length > 0)} onClick={() => void download(`/app/orders/${o.id}/zip`, `order-${o.name}-print-files.zip`)}>
                      {s("downloadZip")}
                    </Button>
                  </InlineStack>
                  {o.lines.map((l) => (
                    <LineCard key={l.id} line={l} order={o} t={t} />
                  ))}
                </BlockStack>
              </Card>
            ))}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <RetentionCard days={days} t={t} />
            <SectionCard gap="200" title={s("exports")} help={s("exportsHelp")}>
                {exports.length === 0 ? (
                  <Text as="p">{s("noExports")}</Text>
                ) : (
                  exports.map((e) => (
                    <InlineStack key={e.id} align="space-between" blockAlign="center">
                      <Text as="span">{s("exportRow", { customer: e.customerId, count: e.designs })}</Text>
                      <InlineStack gap="100">
                        <Button size="slim" onClick={() => void download(`/app/orders/exports/${e.id}`, `customer-${e.customerId}-data.json`)}>
                          {s("downloadExport")}
                        </Button>
                        <Button size="slim" onClick={() => void download(`/app/orders/exports/zip/${e.id}`, `customer-${e.customerId}-data.zip`)}>
                          {s("downloadExportZip")}
                        </Button>
                      </InlineStack>
                    </InlineStack>
                  ))
                )}
            </SectionCard>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
