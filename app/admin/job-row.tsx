/** One job in a list (home's recent jobs, the Jobs page): product image and title (or number), status, type, progress, error. */
import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Box, InlineStack, ProgressBar, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { renderMsg } from "../i18n/message";
import { useT } from "../i18n/use-t";
import type { HomeJob } from "../shopify/admin-home.server";
import { legacyId, STATUS_TONE } from "./status";

export function JobRow({ job: j }: { job: HomeJob }) {
  const t = useT();
  return (
    <Box paddingBlockEnd="200">
      <InlineStack gap="300" blockAlign="center" wrap={false}>
        <Thumbnail size="small" source={j.productImage ?? ImageIcon} alt={j.productTitle ?? ""} />
        <div style={{ flex: 1, minWidth: 0 }}>
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="center">
              <RemixLink to={`/app/jobs/${j.id}`}>{j.productTitle ?? (j.productId ? t("home.productNumber", { id: legacyId(j.productId) }) : t(`jobType.${j.type}`))}</RemixLink>
              <Badge tone={STATUS_TONE[j.status]}>{t(`status.${j.status}`)}</Badge>
              {j.degraded && <Badge tone="attention">{t("status.degraded")}</Badge>}
              <Text as="span" variant="bodySm" tone="subdued">
                {t(`jobType.${j.type}`)}
              </Text>
            </InlineStack>
            <ProgressBar progress={j.progress} size="small" tone={j.status === "failed" ? "critical" : "primary"} />
            {j.error && (
              <Text as="p" tone="critical" variant="bodySm">
                {j.errorMsg ? renderMsg(t, j.errorMsg) : j.error}
              </Text>
            )}
          </BlockStack>
        </div>
      </InlineStack>
    </Box>
  );
}
