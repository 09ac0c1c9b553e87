/** Settings → Connector status: each vendor's breaker as the workers see it (closed / half-open / open), last error, since. */
import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { ConnectorStatus } from "../../connectors/shared/status.server";
import { useI18n } from "../../i18n/use-t";

export const CONNECTOR_LABEL: Record<string, string> = { cgtrader: "CGTrader", mockey: "Mockey.ai", virtualthreads: "VirtualThreads.io" };

const TONE = { closed: "success", "half-open": "attention", open: "critical" } as const;

export function BreakerStatus({ status }: { status: ConnectorStatus[] }) {
  const { t, locale } = useI18n();
  return (
    <Card>
      <BlockStack gap="300">
        {status.map((s) => (
          <section key={s.provider} aria-label={t("connectors.statusOf", { name: CONNECTOR_LABEL[s.provider] ?? s.provider })}>
            <BlockStack gap="100">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h3" variant="headingSm">
                  {CONNECTOR_LABEL[s.provider] ?? s.provider}
                </Text>
                <Badge tone={TONE[s.state]}>{t(`connectors.state_${s.state.replace("-", "_")}`)}</Badge>
                {s.scope === "shop" && <Badge>{t("connectors.scopeShop")}</Badge>}
              </InlineStack>
              {s.since && s.state !== "closed" && (
                <Text as="p" tone="subdued">
                  {t("connectors.since", { time: new Date(s.since).toLocaleString(locale) })}
                </Text>
              )}
              {s.lastError ? (
                <Text as="p" tone={s.state === "closed" ? "subdued" : "critical"}>
                  {t("connectors.lastError", { fault: s.lastFault ? t(`connectors.fault_${s.lastFault}`) : "", error: s.lastError })}
                </Text>
              ) : (
                <Text as="p" tone="subdued">
                  {t("connectors.noErrors")}
                </Text>
              )}
            </BlockStack>
          </section>
        ))}
      </BlockStack>
    </Card>
  );
}
