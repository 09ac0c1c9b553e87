import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Page, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";
import { loadJobDetail, runJobAction } from "../shopify/job-actions.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const job = await loadJobDetail(routeDb(), session.shop, params.id);
  if (!job) throw new Response("Job not found", { status: 404 });
  return json({ job });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await runJobAction(routeDb(), session.shop, params.id, Object.fromEntries(await request.formData()));
  return json(result.body, { status: result.status });
};

export default function JobDetailPage() {
  const { job } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const revalidator = useRevalidator();
  const active = job.status === "queued" || job.status === "running";

  // a running job's progress changes without any user action: poll while it is active
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(t);
  }, [active, revalidator]);

  return (
    <Page backAction={{ content: "Home", url: "/app" }} title={`Job ${job.id}`}>
      <TitleBar title={`Job ${job.type}`} />
      <BlockStack gap="400">
        {fetcher.data && !fetcher.data.ok && <Banner tone="critical">{fetcher.data.error}</Banner>}
        {job.error && <Banner tone="critical" title="Job failed">{job.error}</Banner>}
        {job.degraded && <Banner tone="warning">Some steps used an earlier result or a fallback provider.</Banner>}
        <Card>
          <BlockStack gap="300">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {job.type}
              </Text>
              <Badge>{job.status}</Badge>
            </InlineStack>
            <ProgressBar progress={job.progress} />
            <InlineStack gap="200">
              <Button
                disabled={job.status !== "failed" && job.status !== "cancelled"}
                loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "retry"}
                onClick={() => fetcher.submit({ intent: "retry" }, { method: "post" })}
              >
                Retry
              </Button>
              <Button
                tone="critical"
                disabled={!active}
                loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "cancel"}
                onClick={() => fetcher.submit({ intent: "cancel" }, { method: "post" })}
              >
                Cancel
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
        <Card>
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "numeric", "numeric"]}
            headings={["Step", "Capability", "Status", "Provider", "Attempts", "ms"]}
            rows={job.steps.map((s) => [
              s.name,
              s.capability,
              `${s.status}${s.cacheHit ? " (cached)" : ""}${s.degraded ? " (degraded)" : ""}${s.error ? `: ${s.error}` : ""}`,
              s.provider ?? "",
              s.attempts,
              s.durationMs ?? "",
            ])}
          />
        </Card>
      </BlockStack>
    </Page>
  );
}
