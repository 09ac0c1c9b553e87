import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { AdminErrorBoundary } from "../admin/not-found";
import { JobRow } from "../admin/job-row";
import { OnboardingCard } from "../admin/onboarding-card";
import { STATUS_TONE } from "../admin/status";
import { useT } from "../i18n/use-t";
import { renderMsg } from "../i18n/message";
import { authenticate } from "../shopify.server";
import { dismissNotifications, homeActionSchema, loadHome } from "../shopify/admin-home.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { themeEditorLink } from "../shopify/onboarding.server";
import { savePreferences } from "../shopify/preferences.server";
import { shopifyEnv } from "../shopify/env.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const home = await loadHome(routeDb(), routeBlobs(), session.shop, admin.graphql);
  return json({ ...home, themeEditorUrl: themeEditorLink(session.shop, shopifyEnv().apiKey) });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = homeActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false, error: "unknown action" }, { status: 400 });
  if (parsed.data.intent === "block-added") {
    await savePreferences(routeDb(), session.shop, { blockAdded: true });
    return json({ ok: true, dismissed: 0 });
  }
  return json({ ok: true, dismissed: await dismissNotifications(routeDb(), session.shop, parsed.data) });
};

export default function Home() {
  const { jobs, notifications, health, onboarding, themeEditorUrl } = useLoaderData<typeof loader>();
  const t = useT();
  const fetcher = useFetcher();
  const degradedJobs = jobs.filter((j) => j.degraded);
  // the roles check has a sentence of its own in the merchant's language; other checks' details are short codes
  const healthDetail = (i: (typeof health.items)[number]) =>
    i.name === "roles" && health.stranded.jobs
      ? t("health.strandedDetail", { count: health.stranded.jobs, capabilities: health.stranded.capabilities.join(", ") })
      : i.detailMsg
        ? renderMsg(t, i.detailMsg)
        : (i.detail ?? t(`status.${i.status}`));

  return (
    <Page>
      <TitleBar title={t("home.title")} />
      <BlockStack gap="400">
        {health.status !== "ok" && (
          <Banner tone={health.status === "down" ? "critical" : "warning"} title={t("home.servicesStatus", { status: t(`status.${health.status}`) })}>
            <p>
              {health.items
                .filter((i) => i.status !== "ok")
                .map((i) => `${t(`health.${i.name}`)}: ${healthDetail(i)}`)
                .join(" · ")}
            </p>
          </Banner>
        )}
        {degradedJobs.length > 0 && (
          <Banner tone="warning" title={t("home.degradedTitle")}>
            <p>{t("home.degradedBody", { count: degradedJobs.length })}</p>
          </Banner>
        )}
        {notifications.map((n) => (
          <Banner
            key={n.id}
            tone={n.level === "critical" ? "critical" : n.level === "warning" ? "warning" : "info"}
            onDismiss={() => fetcher.submit({ intent: "dismiss", id: n.id }, { method: "post" })}
          >
            {n.lines ? n.lines.map((l, i) => <p key={i}>{renderMsg(t, l)}</p>) : <p>{n.message}</p>}
          </Banner>
        ))}
        {!onboarding.complete && <OnboardingCard onboarding={onboarding} themeEditorUrl={themeEditorUrl} />}
        <Layout>
          <Layout.Section>
            <section aria-label={t("home.recentJobs")}>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("home.recentJobs")}
                </Text>
                {jobs.length === 0 && (
                  <Text as="p" tone="subdued">
                    {t("home.noJobs")}
                  </Text>
                )}
                {jobs.map((j) => (
                  <JobRow key={j.id} job={j} />
                ))}
                {jobs.length > 0 && <RemixLink to="/app/jobs">{t("home.allJobs")}</RemixLink>}
              </BlockStack>
            </Card>
            </section>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("home.health")}
                </Text>
                {health.items.map((i) => (
                  <BlockStack key={i.name} gap="050">
                    <InlineStack gap="200" align="space-between" blockAlign="center" wrap={false}>
                      <Text as="span">{t(`health.${i.name}`)}</Text>
                      <Badge tone={STATUS_TONE[i.status]}>{t(`status.${i.status}`)}</Badge>
                    </InlineStack>
                    {/* the roles check's sentence sits under its own row (it names the capabilities no worker takes) */}
                    {i.name === "roles" && health.stranded.jobs > 0 && (
                      <Text as="p" variant="bodySm" tone="critical">
                        {healthDetail(i)}
                      </Text>
                    )}
                  </BlockStack>
                ))}
                <Box paddingBlockStart="200">
                  <BlockStack gap="150">
                    <Text as="h3" variant="headingSm">
                      {t("health.workersTitle")}
                    </Text>
                    {health.workers.length === 0 && (
                      <Text as="p" variant="bodySm" tone="subdued">
                        {t("health.noWorkers")}
                      </Text>
                    )}
                    <ul aria-label={t("health.workersTitle")} style={{ listStyle: "none", margin: 0, padding: 0 }}>
                      {health.workers.map((w) => (
                        <li key={w.id} style={{ marginBottom: 8 }}>
                          <InlineStack gap="200" align="space-between" blockAlign="start" wrap={false}>
                            <BlockStack gap="050">
                              <Text as="span" variant="bodySm" fontWeight="medium">
                                {w.host} · pid {w.pid}
                              </Text>
                              <Text as="span" variant="bodySm" tone="subdued">
                                {w.capabilities.includes("*") ? t("health.allCapabilities") : w.capabilities.join(", ")} · {t("health.workerSeen", { seconds: w.seenSecondsAgo })}
                              </Text>
                            </BlockStack>
                            <Badge tone={w.live ? "success" : "warning"}>{w.live ? t("health.workerLive") : t("health.workerStale")}</Badge>
                          </InlineStack>
                        </li>
                      ))}
                    </ul>
                  </BlockStack>
                </Box>
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
