import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, Checkbox, ChoiceList, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { AdminErrorBoundary } from "../admin/not-found";
import { EditorPolicyForm } from "../admin/editor-policy-form";
import { editorAreaOptions, readEditorPolicy, saveEditorPolicyForm } from "../admin/editor-policy.server";
import { SETUP_VIEWS } from "../contracts/product-setup";
import { inputIssue, type InputIssue } from "../i18n/issues.server";
import { issueText } from "../i18n/message";
import { useT } from "../i18n/use-t";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";
import { QUALITIES, type Preferences } from "../contracts/preferences";
import { getPreferences, mergePreferences, PreferencesInputError, writePreferences } from "../shopify/preferences.server";
import { getPublicSettings, saveSettings, SettingsInputError } from "../shopify/settings.server";
import { SERVICES, type PublicSettings } from "../shopify/settings-types";
import { connectorStatus } from "../connectors/shared/status.server";
import { BreakerStatus } from "../admin/connectors/breaker-status";
import { AlertFields, KeyBadge, ServiceExtras, type ServiceExtrasValue } from "../admin/connectors/service-extras";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const db = routeDb();
  return json({
    settings: await getPublicSettings(db, session.shop),
    preferences: await getPreferences(db, session.shop),
    editor: { policy: await readEditorPolicy(db, session.shop), areas: editorAreaOptions() },
    connectors: await connectorStatus(db, session.shop),
  });
};

// errors: English text (API clients, logs); issues: the same as message keys, shown in the merchant's language
type ActionData = { ok: true; settings: PublicSettings; preferences: Preferences } | { ok: false; errors: string[]; issues: InputIssue[] };
const refused = (issues: InputIssue[], status: number) =>
  json<ActionData>({ ok: false, errors: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)), issues }, { status });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const db = routeDb();
  // a settings form is a few hundred bytes; refuse anything large before reading it
  if (Number(request.headers.get("content-length") ?? 0) > 64 * 1024) {
    return refused([inputIssue("", "bodyTooLarge")], 413);
  }
  const text = await request.text();
  if (text.length > 64 * 1024) return refused([inputIssue("", "bodyTooLarge")], 413);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refused([inputIssue("", "bodyNotJson")], 400);
  }
  // the editor rules are their own form (app/admin/editor-policy-form.tsx)
  if (typeof body === "object" && body && "editorPolicy" in body) {
    const r = await saveEditorPolicyForm(db, session.shop, (body as { editorPolicy: unknown }).editorPolicy);
    return json(r, { status: r.ok ? 200 : 400 });
  }
  const change = typeof body === "object" && body && "preferences" in body ? (body as { preferences: unknown }).preferences : {};
  try {
    // preferences are checked first and written last, so a refused form changes nothing
    const preferences = await mergePreferences(db, session.shop, change);
    // the answer is the public view: API keys come back only as "set" / "not set"
    const settings = await saveSettings(db, session.shop, body);
    return json<ActionData>({ ok: true, settings, preferences: await writePreferences(db, session.shop, preferences) });
  } catch (err) {
    if (err instanceof SettingsInputError) return refused(err.details, 400);
    if (err instanceof PreferencesInputError) return refused(err.issues, 400);
    throw err;
  }
};

const SERVICE_LABEL: Record<string, string> = { cgtrader: "CGTrader", mockey: "Mockey.ai", virtualthreads: "VirtualThreads.io" };
const splitList = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  // a provider's name in the merchant's language (messages provider.<capability>.<name>); names that are brands stay as catalogued
  const providerLabel = (cap: string, p: { name: string; label: string }) => {
    const key = `provider.${cap}.${p.name}`;
    const text = t(key);
    return text === key ? p.label : text;
  };
  const fetcher = useFetcher<ActionData>();
  const current: PublicSettings = fetcher.data?.ok ? fetcher.data.settings : data.settings;
  const [providers, setProviders] = useState(current.providers);
  const [urls, setUrls] = useState<Record<string, string>>(Object.fromEntries(SERVICES.map((s) => [s, current.services[s].baseUrl ?? ""])));
  const [keys, setKeys] = useState<Record<string, string>>({});
  const [extras, setExtras] = useState<Record<string, ServiceExtrasValue>>({});
  const [alerts, setAlerts] = useState({ webhookUrl: current.alerts.webhookUrl ?? "", outageMinutes: String(current.alerts.outageMinutes) });
  const prefs = data.preferences;
  const [auto, setAuto] = useState({
    enabled: prefs.automation.enabled,
    tags: prefs.automation.tags.join(", "),
    productTypes: prefs.automation.productTypes.join(", "),
    vendors: prefs.automation.vendors.join(", "),
  });
  const [views, setViews] = useState<string[]>(prefs.defaultViews);
  const [quality, setQuality] = useState<string>(prefs.quality);

  const move = (cap: string, i: number, by: number) =>
    setProviders((p) => {
      const list = [...p[cap]];
      const j = i + by;
      if (j < 0 || j >= list.length) return p;
      [list[i], list[j]] = [list[j], list[i]];
      return { ...p, [cap]: list };
    });

  const save = () => {
    const body = {
      providers: Object.fromEntries(Object.entries(providers).map(([cap, list]) => [cap, list.map((x) => ({ name: x.name, enabled: x.enabled }))])),
      services: Object.fromEntries(
        SERVICES.map((s) => {
          const x = extras[s] ?? {};
          return [s, { baseUrl: urls[s] ?? "", ...(keys[s] ? { apiKey: keys[s] } : {}), ...(x.clientId !== undefined ? { clientId: x.clientId } : {}), ...(x.clientSecret ? { clientSecret: x.clientSecret } : {}), ...(x.storefront !== undefined ? { storefront: x.storefront } : {}) }];
        }),
      ),
      alerts: { webhookUrl: alerts.webhookUrl, ...(/^\d+$/.test(alerts.outageMinutes) ? { outageMinutes: Number(alerts.outageMinutes) } : {}) },
      preferences: {
        automation: { enabled: auto.enabled, tags: splitList(auto.tags), productTypes: splitList(auto.productTypes), vendors: splitList(auto.vendors) },
        defaultViews: views,
        quality,
      },
    };
    fetcher.submit(body, { method: "post", encType: "application/json" });
    setKeys({});
    setExtras((x) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, { ...v, clientSecret: undefined }])));
  };

  return (
    <Page title={t("settings.title")}>
      <TitleBar title={t("settings.title")} />
      <BlockStack gap="400">
        {fetcher.data && !fetcher.data.ok && (
          <Banner tone="critical" title={t("settings.notSaved")}>
            <ul>
              {fetcher.data.issues.map((e, i) => (
                <li key={i}>{issueText(t, e)}</li>
              ))}
            </ul>
          </Banner>
        )}
        {fetcher.data?.ok && <Banner tone="success">{t("settings.saved")}</Banner>}
        <Layout>
          <Layout.AnnotatedSection title={t("settings.automation")} description={t("settings.automationHelp")}>
            <Card>
              <BlockStack gap="300">
                <Checkbox label={t("settings.automationEnabled")} checked={auto.enabled} onChange={(v) => setAuto((a) => ({ ...a, enabled: v }))} />
                <TextField label={t("settings.tags")} autoComplete="off" value={auto.tags} disabled={!auto.enabled} helpText={t("settings.listHelp", { example: "merino, print-on-demand" })} onChange={(v) => setAuto((a) => ({ ...a, tags: v }))} />
                <TextField label={t("settings.productTypes")} autoComplete="off" value={auto.productTypes} disabled={!auto.enabled} helpText={t("settings.listHelp", { example: "T-Shirt, Hoodie" })} onChange={(v) => setAuto((a) => ({ ...a, productTypes: v }))} />
                <TextField label={t("settings.vendors")} autoComplete="off" value={auto.vendors} disabled={!auto.enabled} helpText={t("settings.listHelp", { example: "Merino Works" })} onChange={(v) => setAuto((a) => ({ ...a, vendors: v }))} />
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.defaults")} description={t("settings.defaultsHelp")}>
            <Card>
              <BlockStack gap="300">
                <ChoiceList allowMultiple title={t("settings.defaultViews")} choices={SETUP_VIEWS.map((v) => ({ label: t(`view.${v}`), value: v }))} selected={views} onChange={setViews} />
                <Select label={t("settings.quality")} options={QUALITIES.map((q) => ({ label: t(`settings.quality_${q}`), value: q }))} value={quality} onChange={setQuality} />
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.providers")} description={t("settings.providersHelp")}>
            <BlockStack gap="300">
              {Object.entries(providers).map(([cap, list]) => (
                <Card key={cap}>
                  <BlockStack gap="200">
                    <Text as="h3" variant="headingSm">
                      {t(`capability.${cap}`)}
                    </Text>
                    {list.map((p, i) => (
                      // the order buttons stay beside a long provider name on a phone (they wrapped under it)
                      <div key={p.name} data-provider-row={`${cap}/${p.name}`}>
                      <InlineStack gap="200" blockAlign="center" align="space-between" wrap={false}>
                        <div style={{ flex: 1, minWidth: 0 }}>
                        <Checkbox
                          label={`${i + 1}. ${providerLabel(cap, p)}${p.available ? "" : ` (${t("settings.notAvailable")})`}`}
                          disabled={!p.available}
                          checked={p.enabled && p.available}
                          onChange={(v) => setProviders((all) => ({ ...all, [cap]: all[cap].map((x) => (x.name === p.name ? { ...x, enabled: v } : x)) }))}
                        />
                        </div>
                        <InlineStack gap="100" wrap={false}>
                          <Button size="micro" disabled={i === 0} onClick={() => move(cap, i, -1)} accessibilityLabel={t("settings.moveUp")}>
                            ↑
                          </Button>
                          <Button size="micro" disabled={i === list.length - 1} onClick={() => move(cap, i, 1)} accessibilityLabel={t("settings.moveDown")}>
                            ↓
                          </Button>
                        </InlineStack>
                      </InlineStack>
                      </div>
                    ))}
                  </BlockStack>
                </Card>
              ))}
            </BlockStack>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("connectors.status")} description={t("connectors.statusHelp")}>
            <BreakerStatus status={data.connectors} />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("settings.services")} description={t("settings.servicesHelp")}>
            <BlockStack gap="300">
              {SERVICES.map((s) => (
                <section key={s} aria-label={t("settings.service", { name: SERVICE_LABEL[s] })}>
                  <Card>
                    <BlockStack gap="200">
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="h3" variant="headingSm">
                          {SERVICE_LABEL[s]}
                        </Text>
                        <KeyBadge service={s} info={current.services[s]} />
                      </InlineStack>
                      <TextField label={t("settings.baseUrl")} autoComplete="off" value={urls[s] ?? ""} onChange={(v) => setUrls((u) => ({ ...u, [s]: v }))} />
                      {s !== "cgtrader" && (
                        <TextField
                          label={t("settings.apiKey")}
                          type="password"
                          autoComplete="off"
                          helpText={t("settings.apiKeyHelp")}
                          value={keys[s] ?? ""}
                          onChange={(v) => setKeys((k) => ({ ...k, [s]: v }))}
                        />
                      )}
                      <ServiceExtras service={s} info={current.services[s]} value={extras[s] ?? {}} onChange={(v) => setExtras((x) => ({ ...x, [s]: v }))} />
                    </BlockStack>
                  </Card>
                </section>
              ))}
            </BlockStack>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title={t("connectors.alerts")} description={t("connectors.alertsHelp")}>
            <Card>
              <AlertFields webhookUrl={alerts.webhookUrl} outageMinutes={alerts.outageMinutes} onChange={setAlerts} />
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
        <InlineStack align="end">
          <Button variant="primary" onClick={save} loading={fetcher.state !== "idle"}>
            {t("settings.save")}
          </Button>
        </InlineStack>
        <Layout>
          <Layout.AnnotatedSection title={t("editorPolicy.title")} description={t("editorPolicy.help")}>
            <EditorPolicyForm policy={data.editor.policy} areaOptions={data.editor.areas} />
          </Layout.AnnotatedSection>
        </Layout>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
