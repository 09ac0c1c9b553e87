/**
 * Publish, the version list and roll-back (publish jobs through /app/publish, issue 11's route), and what the
 * publish step reported: media the merchant removed in Shopify, variants we left alone.
 */
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import { useI18n } from "../../i18n/use-t";
import type { PublishView } from "../../shopify/product-publish.server";

interface Props {
  productId: string;
  publish: PublishView | null;
  hasResults: boolean;
  /** a publish job for this product still running (the page polls meanwhile) */
  publishing: { id: string; progress: number } | null;
}

export function PublishCard({ productId, publish, hasResults, publishing }: Props) {
  const { t, locale } = useI18n();
  const fetcher = useFetcher<{ ok: boolean; jobId?: string; error?: string }>();
  const busy = fetcher.state !== "idle" || publishing !== null;
  const run = (form: Record<string, string>) => fetcher.submit({ productId, ...form }, { method: "post", action: "/app/publish" });
  const versions = publish?.versions ?? [];
  return (
    <SectionCard title={t("product.versions")} aside={<Badge tone={publish?.published ? "success" : undefined}>{publish?.published ? t("products.yes") : t("products.no")}</Badge>}>
        {fetcher.data && !fetcher.data.ok && <Banner tone="critical">{fetcher.data.error}</Banner>}
        {publishing && <ProgressBar progress={publishing.progress} size="small" />}
        {fetcher.data?.ok && publishing && <Banner tone="info">{t("product.publishQueued")}</Banner>}
        {!hasResults && <Text as="p" variant="bodySm" tone="subdued">{t("product.publishNeedsResults")}</Text>}
        <Button variant="primary" onClick={() => run({ intent: "publish" })} loading={busy && fetcher.formData?.get("intent") === "publish"} disabled={!hasResults || busy}>
          {t("product.publish")}
        </Button>
        {publish && publish.removed > 0 && (
          <Banner tone="warning" title={t("product.removedMedia")}>
            <p>{t("product.removedMediaBody", { count: publish.removed })}</p>
          </Banner>
        )}
        {publish && publish.leftAlone.length > 0 && (
          <Banner tone="info" title={t("product.leftAlone")}>
            <p>{t("product.leftAloneBody", { variants: publish.leftAlone.join(", ") })}</p>
          </Banner>
        )}
        {versions.length === 0 && (
          <Text as="p" tone="subdued">
            {t("product.noVersions")}
          </Text>
        )}
        {versions.map((v) => (
          <InlineStack key={v.id} align="space-between" blockAlign="center" gap="200">
            <BlockStack gap="050">
              <Text as="span" fontWeight="semibold">
                {t("product.version", { number: v.number })}
              </Text>
              <Text as="span" variant="bodySm" tone="subdued">
                {new Date(v.createdAt).toLocaleString(locale)} · {t(`product.source_${v.source}`)} · {t("product.versionMedia", { count: v.images })}
              </Text>
            </BlockStack>
            {v.current ? (
              <Badge tone="success">{t("product.current")}</Badge>
            ) : (
              <Button size="slim" onClick={() => run({ intent: "rollback", versionId: v.id })} loading={busy && fetcher.formData?.get("versionId") === v.id} disabled={busy}>
                {t("product.rollback")}
              </Button>
            )}
          </InlineStack>
        ))}
    </SectionCard>
  );
}
