import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Card, Checkbox, ChoiceList, InlineGrid, InlineStack, Layout, Page, ProgressBar, Select, Text } from "@shopify/polaris";
import { useMemo, useState } from "react";
import { modelTitle } from "../admin/model-title";
import { AdminErrorBoundary, notFound } from "../admin/not-found";
import { ColorsCard } from "../admin/product/colors-card";
import { Gallery } from "../admin/product/gallery";
import { PlacementEditor } from "../admin/product/placement-editor";
import { PublishCard } from "../admin/product/publish-card";
import { Viewer3d } from "../admin/product/viewer-3d";
import { STATUS_TONE } from "../admin/status";
import { usePollWhile } from "../admin/use-poll-while";
import { SETUP_VIEWS, type SetupPlacement } from "../contracts/product-setup";
import type { InputIssue } from "../i18n/issues.server";
import { renderMsg } from "../i18n/message";
import { useI18n } from "../i18n/use-t";
import { authenticate } from "../shopify.server";
import { assetLink, thumbLink } from "../shopify/asset-links.server";
import { routeDb } from "../shopify/deps.server";
import { productAction, loadProductPage } from "../shopify/product-page.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const data = await loadProductPage(routeDb(), admin.graphql, session.shop, params.id ?? "", (key, name) => assetLink(session.shop, key, name), (key) =>
    thumbLink(session.shop, key, "gallery"),
  );
  if (!data) throw notFound();
  return json(data);
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const r = await productAction(routeDb(), admin.graphql, session.shop, params.id ?? "", request);
  return json(r.body, { status: r.status });
};

type ActionData = { ok: true; jobId?: string } | { ok: false; errors: InputIssue[] };

export default function ProductPage() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const save = useFetcher<ActionData>();
  const { product, models, designs, jobs, results } = data;

  const [modelName, setModelName] = useState(data.setup.modelName);
  const [colors, setColors] = useState(data.setup.colors);
  const [views, setViews] = useState<string[]>(data.setup.views);
  const [placements, setPlacements] = useState<SetupPlacement[]>(data.setup.placements);
  const [enabled, setEnabled] = useState(data.setup.enabled);
  const [previewColor, setPreviewColor] = useState(data.setup.colors[0]?.hex ?? "#FFFFFF");
  const model = models.find((m) => m.name === modelName) ?? models[0];

  const active = jobs[0] && (jobs[0].status === "queued" || jobs[0].status === "running");
  // a running job's progress and results (and a publish's versions) change without any action: poll meanwhile
  usePollWhile(Boolean(active || data.publishing), 1500);

  const body = (intent: "save" | "generate") => ({ intent, setup: { modelName, colors, views, placements: placements.filter((p) => views.includes(p.view)), enabled } });
  const submit = (intent: "save" | "generate") => save.submit(body(intent), { method: "post", encType: "application/json" });
  const busy = save.state !== "idle";
  const intent = (save.json as { intent?: string } | undefined)?.intent;
  const errors = save.data && !save.data.ok ? save.data.errors : [];
  const editorDesigns = useMemo(() => designs.map((d) => ({ id: d.id, name: d.name, width: d.width, height: d.height, url: d.url })), [designs]);

  return (
    <Page
      backAction={{ content: t("nav.products"), url: "/app/products" }}
      title={product.title}
      subtitle={product.productType || undefined}
      titleMetadata={data.saved ? <Badge tone="success">{model ? modelTitle(t, model) : modelName}</Badge> : <Badge>{t("products.notSetUp")}</Badge>}
      primaryAction={{ content: t("product.generate"), onAction: () => submit("generate"), loading: busy && intent === "generate", disabled: busy || !!active }}
      secondaryActions={[{ content: t("product.save"), onAction: () => submit("save"), loading: busy && intent === "save", disabled: busy }]}
    >
      <TitleBar title={product.title} />
      <BlockStack gap="400">
        {errors.length > 0 && (
          <Banner tone="critical" title={t("product.notSaved")}>
            <ul>
              {errors.map((e) => (
                <li key={e.path + e.message}>{t("product.errorField", { field: e.path || t("product.setupField"), message: renderMsg(t, e.msg) })}</li>
              ))}
            </ul>
          </Banner>
        )}
        {save.data?.ok && !active && <Banner tone="success" onDismiss={() => undefined}>{t("product.saved")}</Banner>}
        {jobs[0]?.status === "failed" && jobs[0].error && (
          <Banner tone="critical" title={t("job.failed")}>
            <p>{jobs[0].errorMsg ? renderMsg(t, jobs[0].errorMsg) : jobs[0].error}</p>
          </Banner>
        )}
        {active && (
          <Card>
            <BlockStack gap="200">
              <InlineStack align="space-between">
                <Text as="h2" variant="headingSm">
                  {t("product.progress", { progress: jobs[0].progress })}
                </Text>
                <RemixLink to={`/app/jobs/${jobs[0].id}`}>{t("job.title")}</RemixLink>
              </InlineStack>
              <ProgressBar progress={jobs[0].progress} tone="primary" />
            </BlockStack>
          </Card>
        )}
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("product.preview3d")}
                  </Text>
                  {results?.glbUrl ? (
                    <Viewer3d src={results.glbUrl} meshoptDecoder={data.meshoptDecoder} variants={results.variantNames} colors={colors} alt={product.title} />
                  ) : (
                    <Box padding="800" background="bg-surface-secondary" borderRadius="200">
                      <Text as="p" alignment="center" tone="subdued">
                        {t("product.previewNone")}
                      </Text>
                    </Box>
                  )}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("product.placement")}
                  </Text>
                  {model && (
                    <PlacementEditor
                      key={model.name}
                      views={views}
                      areas={model.printAreas}
                      designs={editorDesigns}
                      placements={placements}
                      color={previewColor}
                      onChange={setPlacements}
                    />
                  )}
                  {colors.length > 1 && (
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" variant="bodySm" tone="subdued">
                        {t("product.color")}:
                      </Text>
                      {colors.map((c) => (
                        <button
                          key={c.name}
                          type="button"
                          title={c.name}
                          aria-label={t("product.previewColor", { color: c.name })}
                          aria-pressed={previewColor === c.hex}
                          onClick={() => setPreviewColor(c.hex)}
                          style={{ width: 22, height: 22, borderRadius: 11, background: c.hex, border: previewColor === c.hex ? "2px solid #005bd3" : "1px solid #8a8a8a", cursor: "pointer" }}
                        />
                      ))}
                    </InlineStack>
                  )}
                </BlockStack>
              </Card>
              <Gallery mockups={results?.mockups ?? []} />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Select
                    label={t("product.model")}
                    helpText={t("product.modelHelp")}
                    options={models.map((m) => ({ label: modelTitle(t, m), value: m.name }))}
                    value={modelName}
                    onChange={(v) => {
                      setModelName(v);
                      setPlacements([]);
                    }}
                  />
                  <ChoiceList allowMultiple title={t("product.views")} choices={SETUP_VIEWS.map((v) => ({ label: t(`view.${v}`), value: v }))} selected={views} onChange={(v) => v.length && setViews(v)} />
                  <Checkbox label={t("product.enabled")} checked={enabled} onChange={setEnabled} />
                </BlockStack>
              </Card>
              <ColorsCard colors={colors} hasOption={data.hasColorOption} onChange={setColors} />
              <PublishCard productId={product.id} publish={data.publish} hasResults={!!results} publishing={data.publishing} />
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("product.jobs")}
                  </Text>
                  {jobs.length === 0 && (
                    <Text as="p" tone="subdued">
                      {t("product.noJobs")}
                    </Text>
                  )}
                  {jobs.map((j) => (
                    <InlineGrid key={j.id} columns="1fr auto" gap="200" alignItems="center">
                      <RemixLink to={`/app/jobs/${j.id}`}>{new Date(j.createdAt).toLocaleString(locale)}</RemixLink>
                      <Badge tone={STATUS_TONE[j.status]}>{t(`status.${j.status}`)}</Badge>
                    </InlineGrid>
                  ))}
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
