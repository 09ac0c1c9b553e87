/**
 * A job's steps as a list: what each step does in the merchant's language (its capability's label), its name and
 * capability for whoever runs the workers, its status, and provider · attempts · time once it ran. One layout for
 * every width (a six-column table scrolled sideways on a phone and hid the status).
 */
import { Badge, BlockStack, Box, Card, InlineStack, Text } from "@shopify/polaris";
import { renderMsg } from "../i18n/message";
import type { JobDetail } from "../shopify/job-actions.server";
import { useI18n } from "../i18n/use-t";
import { STATUS_TONE } from "./status";

/** A step as the job page shows it (the contract is JobDetail's; its raw error stays on the server side of the page) */
export type StepRow = Omit<JobDetail["steps"][number], "error">;

export function JobSteps({ steps }: { steps: StepRow[] }) {
  const { t, locale } = useI18n();
  const label = (capability: string) => {
    const key = `capability.${capability}`;
    const text = t(key);
    return text === key ? capability : text;
  };
  const seconds = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const duration = (ms: number | null) => (ms === null ? "" : ms < 1000 ? `${ms} ms` : `${seconds.format(ms / 1000)} s`);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("job.steps")}
        </Text>
        <ul aria-label={t("job.steps")} style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {steps.map((s, i) => (
            <li key={s.name} aria-label={s.name} data-step={s.name}>
              <Box paddingBlock="200" borderBlockStartWidth={i ? "025" : undefined} borderColor="border-secondary">
                <BlockStack gap="100">
                  <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="medium">
                        {label(s.capability)}
                      </Text>
                      <Text as="span" variant="bodySm" tone="subdued" breakWord>
                        {s.name} · {s.capability}
                      </Text>
                    </BlockStack>
                    <InlineStack gap="100" wrap={false}>
                      {s.cacheHit && <Badge>{t("job.cached")}</Badge>}
                      {s.degraded && <Badge tone="attention">{t("status.degraded")}</Badge>}
                      <Badge tone={STATUS_TONE[s.status]}>{t(`status.${s.status}`)}</Badge>
                    </InlineStack>
                  </InlineStack>
                  {(s.provider || s.attempts > 0) && (
                    <Text as="p" variant="bodySm" tone="subdued">
                      {t("job.stepFacts", { provider: s.provider ?? "—", attempts: s.attempts, duration: duration(s.durationMs) || "—" })}
                    </Text>
                  )}
                  {s.errorMsg && (
                    <Text as="p" variant="bodySm" tone="critical" breakWord>
                      {renderMsg(t, s.errorMsg)}
                    </Text>
                  )}
                </BlockStack>
              </Box>
            </li>
          ))}
        </ul>
      </BlockStack>
    </Card>
  );
}
