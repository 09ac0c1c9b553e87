import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Box, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { CgtraderSearch } from "../admin/library/cgtrader-search";
import { ImportedModels } from "../admin/library/imported-models";
import { licenceLabel, modelTitle } from "../admin/model-title";
import { AdminErrorBoundary } from "../admin/not-found";
import { SectionHeader } from "../admin/section-card";
import { useI18n } from "../i18n/use-t";
import { authenticate } from "../shopify.server";
import { libraryThumbLink } from "../shopify/asset-links.server";
import { routeDb } from "../shopify/deps.server";
import { importedCards } from "../shopify/library-imports.server";
import { libraryModels } from "../shopify/library-page.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [models, imported] = await Promise.all([libraryModels(), importedCards(routeDb(), session.shop)]);
  return json({ models: models.map((m) => ({ ...m, thumbUrl: libraryThumbLink(m.name) })), imported });
};

export default function Library() {
  const { models, imported } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const revalidator = useRevalidator();
  const fmt = new Intl.NumberFormat(locale);
  const title = (m: { name: string; title: string }) => modelTitle(t, m);
  return (
    <Page title={t("library.title")}>
      <TitleBar title={t("library.title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            <SectionHeader title={t("library.builtIn")} help={t("library.builtInHelp")} />
            <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
              {models.map((m) => (
                <Card key={m.name} padding="0">
                  <section aria-label={title(m)}>
                    <Box background="bg-surface-secondary" padding="400">
                      <img src={m.thumbUrl} alt={title(m)} width={256} height={256} style={{ display: "block", margin: "0 auto", width: "100%", maxWidth: 200, height: 200, objectFit: "contain" }} />
                    </Box>
                    <Box padding="400">
                      <BlockStack gap="200">
                        <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
                          <Text as="h3" variant="headingSm">
                            {title(m)}
                          </Text>
                          <Badge>{m.name}</Badge>
                        </InlineStack>
                        <Text as="p" variant="bodySm" tone="subdued">
                          {m.triangles !== null ? t("library.triangles", { count: fmt.format(m.triangles) }) : "—"}
                        </Text>
                        <Text as="p" variant="bodySm" tone="subdued">
                          {t("library.printAreas", { areas: m.printAreas.map((a) => t(`area.${a}`)).join(", ") })}
                        </Text>
                        <Text as="p" variant="bodySm" tone="subdued">
                          {t("library.licence", { licence: licenceLabel(t, m.licence) })} · {t("library.source", { source: m.author })}
                        </Text>
                      </BlockStack>
                    </Box>
                  </section>
                </Card>
              ))}
            </InlineGrid>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <ImportedModels entries={imported} />
        </Layout.Section>
        <Layout.Section>
          <CgtraderSearch imported={imported} onImported={revalidator.revalidate} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
