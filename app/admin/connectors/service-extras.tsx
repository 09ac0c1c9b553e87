/**
 * The parts of a service card the connectors add (Settings → Services): the masked key, CGTrader's OAuth client id
 * and secret, VirtualThreads.io's storefront switch, and "Check connection" (app/routes/app.connectors.health.tsx).
 */
import { Badge, BlockStack, Button, Checkbox, InlineStack, Text, TextField } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import type { HealthResult } from "../../connectors/shared/health.server";
import { useT } from "../../i18n/use-t";
import type { PublicSettings, Service } from "../../shopify/settings-types";

export interface ServiceExtrasValue {
  clientId?: string;
  clientSecret?: string;
  storefront?: boolean;
}

export function KeyBadge({ service, info }: { service: Service; info: PublicSettings["services"][Service] }) {
  const t = useT();
  // CGTrader signs in with an OAuth client (id and secret), not an API key
  if (service === "cgtrader") return info.clientSecret === "set" ? <Badge tone="success">{t("connectors.clientSet")}</Badge> : <Badge>{t("connectors.clientNotSet")}</Badge>;
  if (info.apiKey !== "set") return <Badge>{t("settings.apiKeyNotSet")}</Badge>;
  return <Badge tone="success">{info.apiKeyHint ? t("connectors.keyMasked", { hint: info.apiKeyHint }) : t("settings.apiKeySet")}</Badge>;
}

/** Can "Check connection" call the vendor: a base URL and the credential this service signs in with are stored. */
export function canCheck(service: Service, info: PublicSettings["services"][Service]): boolean {
  if (!info.baseUrl) return false;
  return service === "cgtrader" ? Boolean(info.clientId) && info.clientSecret === "set" : info.apiKey === "set";
}

export function ServiceExtras({ service, info, value, onChange }: { service: Service; info: PublicSettings["services"][Service]; value: ServiceExtrasValue; onChange(v: ServiceExtrasValue): void }) {
  const t = useT();
  const health = useFetcher<HealthResult>();
  return (
    <BlockStack gap="200">
      {service === "cgtrader" && (
        <>
          <TextField label={t("connectors.clientId")} autoComplete="off" value={value.clientId ?? info.clientId ?? ""} onChange={(v) => onChange({ ...value, clientId: v })} />
          <TextField
            label={t("connectors.clientSecret")}
            type="password"
            autoComplete="off"
            helpText={info.clientSecret === "set" ? t("connectors.clientSecretSet") : t("settings.apiKeyHelp")}
            value={value.clientSecret ?? ""}
            onChange={(v) => onChange({ ...value, clientSecret: v })}
          />
        </>
      )}
      {service === "virtualthreads" && (
        <Checkbox label={t("connectors.storefront")} helpText={t("connectors.storefrontHelp")} checked={value.storefront ?? info.storefront} onChange={(v) => onChange({ ...value, storefront: v })} />
      )}
      <InlineStack gap="200" blockAlign="center">
        <Button size="slim" loading={health.state !== "idle"} disabled={!canCheck(service, info)} onClick={() => health.submit({ service }, { method: "post", action: "/app/connectors/health", encType: "application/json" })}>
          {t("connectors.check")}
        </Button>
        {health.data && (
          <Text as="span" tone={health.data.ok ? "success" : "critical"}>
            {health.data.ok
              ? t(`connectors.checkOk_${health.data.unit ?? "templates"}`, { count: health.data.count ?? 0, ms: health.data.ms })
              : health.data.fault === "breaker_open"
                ? t("connectors.checkSkipped")
                : t("connectors.checkFailed", { fault: health.data.fault ? t(`connectors.fault_${health.data.fault}`) : "", detail: health.data.detail })}
          </Text>
        )}
      </InlineStack>
    </BlockStack>
  );
}

export function AlertFields({ webhookUrl, outageMinutes, onChange }: { webhookUrl: string; outageMinutes: string; onChange(v: { webhookUrl: string; outageMinutes: string }): void }) {
  const t = useT();
  return (
    <BlockStack gap="200">
      <TextField label={t("connectors.webhookUrl")} autoComplete="off" placeholder="https://hooks.slack.com/services/…" helpText={t("connectors.webhookHelp")} value={webhookUrl} onChange={(v) => onChange({ webhookUrl: v, outageMinutes })} />
      <TextField label={t("connectors.outageMinutes")} type="number" min={1} max={1440} autoComplete="off" helpText={t("connectors.outageMinutesHelp")} value={outageMinutes} onChange={(v) => onChange({ webhookUrl, outageMinutes: v })} />
    </BlockStack>
  );
}
