import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";
import { getPublicSettings, saveSettings, SettingsInputError } from "../shopify/settings.server";
import { SERVICES, type PublicSettings } from "../shopify/settings-types";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json({ settings: await getPublicSettings(routeDb(), session.shop) });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  // a settings form is a few hundred bytes; refuse anything large before reading it
  if (Number(request.headers.get("content-length") ?? 0) > 64 * 1024) {
    return json({ ok: false as const, errors: ["request body too large"] }, { status: 413 });
  }
  const text = await request.text();
  if (text.length > 64 * 1024) return json({ ok: false as const, errors: ["request body too large"] }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return json({ ok: false as const, errors: ["request body must be JSON"] }, { status: 400 });
  }
  try {
    // the answer is the public view: API keys come back only as "set" / "not set"
    return json({ ok: true as const, settings: await saveSettings(routeDb(), session.shop, body) });
  } catch (err) {
    if (err instanceof SettingsInputError) return json({ ok: false as const, errors: err.issues }, { status: 400 });
    throw err;
  }
};

const SERVICE_LABEL: Record<string, string> = { cgtrader: "CGTrader", mockey: "Mockey.ai", virtualthreads: "VirtualThreads.io" };

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const current: PublicSettings = fetcher.data?.ok ? fetcher.data.settings : settings;
  const [providers, setProviders] = useState(current.providers);
  const [urls, setUrls] = useState<Record<string, string>>(
    Object.fromEntries(SERVICES.map((s) => [s, current.services[s].baseUrl ?? ""])),
  );
  const [keys, setKeys] = useState<Record<string, string>>({});

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
        SERVICES.map((s) => [s, { baseUrl: urls[s] ?? "", ...(keys[s] ? { apiKey: keys[s] } : {}) }]),
      ),
    };
    fetcher.submit(body, { method: "post", encType: "application/json" });
    setKeys({});
  };

  return (
    <Page title="Settings">
      <TitleBar title="Settings" />
      <BlockStack gap="400">
        {fetcher.data && !fetcher.data.ok && (
          <Banner tone="critical" title="Settings not saved">
            <ul>
              {fetcher.data.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </Banner>
        )}
        {fetcher.data?.ok && <Banner tone="success">Settings saved.</Banner>}
        <Layout>
          <Layout.AnnotatedSection title="Providers" description="Which providers run for each step, tried from top to bottom.">
            <BlockStack gap="300">
              {Object.entries(providers).map(([cap, list]) => (
                <Card key={cap}>
                  <BlockStack gap="200">
                    <Text as="h3" variant="headingSm">
                      {cap}
                    </Text>
                    {list.map((p, i) => (
                      <InlineStack key={p.name} gap="200" blockAlign="center" align="space-between">
                        <Checkbox
                          label={`${i + 1}. ${p.label}${p.available ? "" : " (not available yet)"}`}
                          disabled={!p.available}
                          checked={p.enabled && p.available}
                          onChange={(v) => setProviders((all) => ({ ...all, [cap]: all[cap].map((x) => (x.name === p.name ? { ...x, enabled: v } : x)) }))}
                        />
                        <InlineStack gap="100">
                          <Button size="micro" disabled={i === 0} onClick={() => move(cap, i, -1)} accessibilityLabel="Move up">
                            ↑
                          </Button>
                          <Button size="micro" disabled={i === list.length - 1} onClick={() => move(cap, i, 1)} accessibilityLabel="Move down">
                            ↓
                          </Button>
                        </InlineStack>
                      </InlineStack>
                    ))}
                  </BlockStack>
                </Card>
              ))}
            </BlockStack>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection title="Services" description="Base URL and API key of each external service. Keys are stored encrypted and never shown again.">
            <BlockStack gap="300">
              {SERVICES.map((s) => (
                <section key={s} aria-label={`${SERVICE_LABEL[s]} service`}>
                <Card>
                  <BlockStack gap="200">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="h3" variant="headingSm">
                        {SERVICE_LABEL[s]}
                      </Text>
                      <Badge tone={current.services[s].apiKey === "set" ? "success" : undefined}>{`API key ${current.services[s].apiKey}`}</Badge>
                    </InlineStack>
                    <TextField label="Base URL" autoComplete="off" value={urls[s] ?? ""} onChange={(v) => setUrls((u) => ({ ...u, [s]: v }))} />
                    <TextField
                      label="API key"
                      type="password"
                      autoComplete="off"
                      helpText="Leave empty to keep the stored key."
                      value={keys[s] ?? ""}
                      onChange={(v) => setKeys((k) => ({ ...k, [s]: v }))}
                    />
                  </BlockStack>
                </Card>
                </section>
              ))}
            </BlockStack>
          </Layout.AnnotatedSection>
        </Layout>
        <InlineStack align="end">
          <Button variant="primary" onClick={save} loading={fetcher.state !== "idle"}>
            Save
          </Button>
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
