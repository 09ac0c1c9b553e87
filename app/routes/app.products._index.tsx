import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Card, EmptyState, Icon, IndexTable, InlineStack, Page, Text, TextField, Thumbnail, useBreakpoints, useIndexResourceState } from "@shopify/polaris";
import { ImageIcon, SearchIcon } from "@shopify/polaris-icons";
import { useEffect, useState } from "react";
import { modelTitle } from "../admin/model-title";
import { AdminErrorBoundary } from "../admin/not-found";
import { legacyId, STATUS_TONE } from "../admin/status";
import { useT } from "../i18n/use-t";
import { authenticate } from "../shopify.server";
import { AdminApiError } from "../shopify/admin-graphql.server";
import { routeDb } from "../shopify/deps.server";
import { bulkGenerate } from "../shopify/products-bulk.server";
import { listProducts } from "../shopify/products-list.server";

const cursor = (s: string | null) => (s && /^[A-Za-z0-9+/=_-]{1,400}$/.test(s) ? s : undefined);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const url = new URL(request.url);
  const q = url.searchParams.get("q") ?? "";
  try {
    const page = await listProducts(routeDb(), admin.graphql, session.shop, { query: q, after: cursor(url.searchParams.get("after")), before: cursor(url.searchParams.get("before")) });
    return json({ ...page, q, error: null as string | null });
  } catch (err) {
    if (!(err instanceof AdminApiError)) throw err;
    return json({ products: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, q, error: err.message });
  }
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const r = await bulkGenerate(routeDb(), admin.graphql, session.shop, Object.fromEntries(await request.formData()));
  return json(r.body, { status: r.status });
};

type BulkData = { ok: true; started: number; skipped: number } | { ok: false; error: string };

export default function Products() {
  const { products, pageInfo, q, error } = useLoaderData<typeof loader>();
  const t = useT();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(q);
  const generate = useFetcher<BulkData>();
  const publish = useFetcher<{ ok: boolean; jobId?: string; error?: string }>();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(products);
  // a phone gets one line per product (title, then its badges) instead of five columns scrolled sideways
  const { smDown } = useBreakpoints();

  // search as the merchant types, a moment after the last key
  useEffect(() => {
    if (query === q) return;
    const id = setTimeout(() => setParams(query ? { q: query } : {}), 300);
    return () => clearTimeout(id);
  }, [query, q, setParams]);

  useEffect(() => {
    if (generate.data?.ok || publish.data?.ok) clearSelection();
  }, [generate.data, publish.data, clearSelection]);

  const ids = () => (allResourcesSelected ? products.map((p) => p.id) : selectedResources).join(",");
  // the selection is cleared once the action answers: remember how many were sent
  const [publishCount, setPublishCount] = useState(0);
  const page = (dir: "after" | "before", c: string | null) => {
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    if (c) next.set(dir, c);
    setParams(next);
  };

  return (
    <Page title={t("products.title")}>
      <TitleBar title={t("products.title")} />
      <BlockStack gap="400">
        {error && <Banner tone="critical">{t("products.apiError", { message: error })}</Banner>}
        {generate.data?.ok && (
          <Banner tone={generate.data.skipped ? "warning" : "success"} onDismiss={() => undefined}>
            <p>
              {t("products.bulkStarted", { count: generate.data.started })}
              {generate.data.skipped ? ` ${t("products.bulkSkipped", { count: generate.data.skipped })}` : ""}
            </p>
          </Banner>
        )}
        {generate.data && !generate.data.ok && <Banner tone="critical">{generate.data.error}</Banner>}
        {publish.data?.ok && <Banner tone="success">{t("products.bulkPublished", { count: publishCount })}</Banner>}
        {publish.data && !publish.data.ok && <Banner tone="critical">{publish.data.error}</Banner>}
        <Card padding="0">
          <div style={{ padding: "12px 12px 8px" }}>
            <TextField
              label={t("products.searchLabel")}
              labelHidden
              placeholder={t("products.search")}
              prefix={<Icon source={SearchIcon} tone="subdued" />}
              value={query}
              onChange={setQuery}
              clearButton
              onClearButtonClick={() => setQuery("")}
              autoComplete="off"
            />
          </div>
          <IndexTable
            condensed={smDown}
            resourceName={{ singular: t("products.product"), plural: t("products.title") }}
            itemCount={products.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            emptyState={
              <EmptyState heading={t("products.empty")} image="">
                <p>{t("products.emptyBody")}</p>
              </EmptyState>
            }
            promotedBulkActions={[
              { content: t("products.generate"), onAction: () => generate.submit({ intent: "generate", productIds: ids() }, { method: "post" }) },
              {
                content: t("products.publish"),
                onAction: () => {
                  const list = ids();
                  setPublishCount(list.split(",").filter(Boolean).length);
                  publish.submit({ intent: "publish-bulk", productIds: list }, { method: "post", action: "/app/publish" });
                },
              },
            ]}
            headings={[{ title: "" }, { title: t("products.product") }, { title: t("products.model") }, { title: t("products.lastJob") }, { title: t("products.published") }]}
            pagination={{
              hasNext: pageInfo.hasNextPage,
              hasPrevious: pageInfo.hasPreviousPage,
              onNext: () => page("after", pageInfo.endCursor),
              onPrevious: () => page("before", pageInfo.startCursor),
            }}
          >
            {products.map((p, i) => {
              const thumb = <Thumbnail size="small" source={p.imageUrl ?? ImageIcon} alt="" />;
              const title = (
                <BlockStack gap="050">
                  <Text as="span" fontWeight="semibold">
                    {p.title}
                  </Text>
                  <Text as="span" variant="bodySm" tone="subdued">
                    {p.productType}
                  </Text>
                </BlockStack>
              );
              const model = p.model ? <Badge tone="info">{modelTitle(t, { name: p.model, title: p.model })}</Badge> : <Text as="span" tone="subdued">{t("products.notSetUp")}</Text>;
              const job = p.lastJob ? <Badge tone={STATUS_TONE[p.lastJob.status]}>{`${t(`status.${p.lastJob.status}`)}${p.lastJob.status === "running" ? ` ${p.lastJob.progress} %` : ""}`}</Badge> : null;
              const published = p.published ? <Badge tone="success">{t("products.yes")}</Badge> : <Badge>{t("products.no")}</Badge>;
              return (
                <IndexTable.Row id={p.id} key={p.id} position={i} selected={selectedResources.includes(p.id)} onClick={() => navigate(`/app/products/${legacyId(p.id)}`)}>
                  {smDown ? (
                    <IndexTable.Cell>
                      <InlineStack gap="300" blockAlign="center" wrap={false}>
                        {thumb}
                        <BlockStack gap="100">
                          {title}
                          <InlineStack gap="100">
                            {p.model ? model : <Badge>{t("products.notSetUp")}</Badge>}
                            {job}
                            {published}
                          </InlineStack>
                        </BlockStack>
                      </InlineStack>
                    </IndexTable.Cell>
                  ) : (
                    <>
                      <IndexTable.Cell>{thumb}</IndexTable.Cell>
                      <IndexTable.Cell>{title}</IndexTable.Cell>
                      <IndexTable.Cell>{model}</IndexTable.Cell>
                      <IndexTable.Cell>{job ?? "—"}</IndexTable.Cell>
                      <IndexTable.Cell>{published}</IndexTable.Cell>
                    </>
                  )}
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
