/** The first-run checklist on the home page, with the theme editor deep link for the storefront block. */
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Icon, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { SectionCard } from "./section-card";
import { CheckCircleIcon, AlertCircleIcon } from "@shopify/polaris-icons";
import { useT } from "../i18n/use-t";
import type { Onboarding } from "../shopify/onboarding.server";

export function OnboardingCard({ onboarding, themeEditorUrl }: { onboarding: Onboarding; themeEditorUrl: string }) {
  const t = useT();
  const fetcher = useFetcher();
  const done = onboarding.steps.filter((s) => s.done).length;
  const link: Record<string, { label: string; url: string; external?: boolean }> = {
    pick: { label: t("onboarding.pick.action"), url: "/app/products" },
    generate: { label: t("onboarding.generate.action"), url: "/app/products" },
    publish: { label: t("onboarding.publish.action"), url: "/app/products" },
    block: { label: t("onboarding.block.action"), url: themeEditorUrl, external: true },
  };
  return (
    <SectionCard
      title={t("onboarding.title")}
      aside={
        <Text as="span" tone="subdued">
          {t("onboarding.progress", { done, total: onboarding.steps.length })}
        </Text>
      }
    >
        <ProgressBar progress={(done / onboarding.steps.length) * 100} size="small" tone="success" />
        {onboarding.steps.map((s) => (
          // one row on a wide screen; on a phone the step's actions go under its text instead of squeezing it
          <div key={s.id} style={{ display: "flex", flexWrap: "wrap", alignItems: "center", justifyContent: "space-between", gap: "8px 12px" }}>
            <div style={{ flex: "1 1 280px", minWidth: 0 }}>
            <InlineStack gap="200" blockAlign="center" wrap={false}>
              <span aria-hidden>
                <Icon source={s.done ? CheckCircleIcon : AlertCircleIcon} tone={s.done ? "success" : "subdued"} />
              </span>
              <BlockStack gap="050">
                <Text as="h3" variant="headingSm" tone={s.done ? "subdued" : undefined}>
                  {t(`onboarding.${s.id}.title`)}
                </Text>
                <Text as="p" variant="bodySm" tone="subdued">
                  {t(`onboarding.${s.id}.body`)}
                </Text>
              </BlockStack>
            </InlineStack>
            </div>
            {!s.done && (
              <InlineStack gap="200" blockAlign="center" wrap={false}>
                <Button url={link[s.id].url} target={link[s.id].external ? "_top" : undefined} variant={s.id === "block" ? "primary" : undefined}>
                  {link[s.id].label}
                </Button>
                {s.id === "block" && (
                  <Button variant="plain" onClick={() => fetcher.submit({ intent: "block-added" }, { method: "post" })}>
                    {t("onboarding.block.done")}
                  </Button>
                )}
              </InlineStack>
            )}
          </div>
        ))}
    </SectionCard>
  );
}
