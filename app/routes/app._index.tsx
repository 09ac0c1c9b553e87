import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Card, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { dismissNotifications, homeActionSchema, loadHome } from "../shopify/admin-home.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await loadHome(routeDb(), routeBlobs(), session.shop));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = homeActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false, error: "unknown action" }, { status: 400 });
  return json({ ok: true, dismissed: await dismissNotifications(routeDb(), session.shop, parsed.data) });
};

type Tone = "success" | "attention" | "critical" | "info" | undefined;
const STATUS_TONE: Record<string, Tone> = {
  succeeded: "success",
  running: "info",
  queued: undefined,
  failed: "critical",
  cancelled: "attention",
  ok: "success",
  degraded: "attention",
  down: "critical",
};

export default function Home() {
  const { jobs, notifications, health } = useLoaderData<typeof loader>();
  const fetcher = useFetcher();
  const degradedJobs = jobs.filter((j) => j.degraded);

  return (
    <Page>
      <TitleBar title="Mockup Pipeline" />
      <BlockStack gap="400">
        {health.status !== "ok" && (
          <Banner tone={health.status === "down" ? "critical" : "warning"} title={`Services ${health.status}`}>
            <p>{health.items.filter((i) => i.status !== "ok").map((i) => `${i.name}: ${i.detail ?? i.status}`).join(" · ")}</p>
          </Banner>
        )}
        {degradedJobs.length > 0 && (
          <Banner tone="warning" title="Some results are degraded">
            <p>{degradedJobs.length} recent job(s) used an earlier result or a fallback provider. Open a job to see which step.</p>
          </Banner>
        )}
        {notifications.map((n) => (
          <Banner
            key={n.id}
            tone={n.level === "critical" ? "critical" : n.level === "warning" ? "warning" : "info"}
            onDismiss={() => fetcher.submit({ intent: "dismiss", id: n.id }, { method: "post" })}
          >
            <p>{n.message}</p>
          </Banner>
        ))}
        <Layout>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Recent jobs
                </Text>
                {jobs.length === 0 && (
                  <Text as="p" tone="subdued">
                    No jobs yet. Jobs start when a product is created or updated, or from a product&apos;s setup.
                  </Text>
                )}
                {jobs.map((j) => (
                  <Box key={j.id} paddingBlockEnd="200">
                    <BlockStack gap="100">
                      <InlineStack gap="200" blockAlign="center">
                        <RemixLink to={`/app/jobs/${j.id}`}>
                          {j.type} {j.productId ? `· ${j.productId.replace("gid://shopify/Product/", "#")}` : ""}
                        </RemixLink>
                        <Badge tone={STATUS_TONE[j.status]}>{j.status}</Badge>
                        {j.degraded && <Badge tone="attention">degraded</Badge>}
                      </InlineStack>
                      <ProgressBar progress={j.progress} size="small" tone={j.status === "failed" ? "critical" : "primary"} />
                      {j.error && (
                        <Text as="p" tone="critical" variant="bodySm">
                          {j.error}
                        </Text>
                      )}
                    </BlockStack>
                  </Box>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Service health
                </Text>
                {health.items.map((i) => (
                  <InlineStack key={i.name} gap="200" align="space-between">
                    <Text as="span">{i.name}</Text>
                    <Badge tone={STATUS_TONE[i.status]}>{i.status}</Badge>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
