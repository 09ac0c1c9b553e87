import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { usePollWhile } from "../admin/use-poll-while";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Page, ProgressBar, Text } from "@shopify/polaris";
import { JobSteps } from "../admin/job-steps";
import { AdminErrorBoundary, notFound } from "../admin/not-found";
import { legacyId, STATUS_TONE } from "../admin/status";
import { useT } from "../i18n/use-t";
import { authenticate } from "../shopify.server";
import { renderMsg } from "../i18n/message";
import { routeDb } from "../shopify/deps.server";
import { loadJobDetail, runJobAction } from "../shopify/job-actions.server";
import { productCards } from "../shopify/product-cards.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const job = await loadJobDetail(routeDb(), session.shop, params.id);
  if (!job) throw notFound();
  const productId = typeof (job.input as { productId?: unknown })?.productId === "string" ? (job.input as { productId: string }).productId : null;
  const card = productId ? (await productCards(routeDb(), admin.graphql, session.shop, [productId])).get(productId) : undefined;
  return json({ job, productId, productTitle: card?.title ?? null });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await runJobAction(routeDb(), session.shop, params.id, Object.fromEntries(await request.formData()));
  return json(result.body, { status: result.status });
};

export default function JobDetailPage() {
  const { job, productId, productTitle } = useLoaderData<typeof loader>();
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const active = job.status === "queued" || job.status === "running";
  // a running job's progress changes without any user action: poll while it is active
  usePollWhile(active);

  return (
    <Page
      backAction={productId ? { content: productTitle ?? t("nav.products"), url: `/app/products/${legacyId(productId)}` } : { content: t("nav.home"), url: "/app" }}
      title={productTitle ? t("job.titleFor", { title: productTitle }) : t(`jobType.${job.type}`)}
      subtitle={t("job.id", { id: job.id })}
    >
      <TitleBar title={t("job.title")} />
      <BlockStack gap="400">
        {fetcher.data && !fetcher.data.ok && <Banner tone="critical">{fetcher.data.error}</Banner>}
        {job.error && (
          <Banner tone="critical" title={t("job.failed")}>
            {job.errorMsg ? renderMsg(t, job.errorMsg) : job.error}
          </Banner>
        )}
        {job.degraded && <Banner tone="warning">{t("job.degraded")}</Banner>}
        {job.waitingFor && (
          <Banner tone="warning" title={t("job.waitingTitle")}>
            <p>{t("job.waitingBody", { capabilities: job.waitingFor.capabilities.join(", "), pattern: job.waitingFor.pattern })}</p>
          </Banner>
        )}
        <Card>
          <BlockStack gap="300">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {t(`jobType.${job.type}`)}
              </Text>
              <Badge tone={STATUS_TONE[job.status]}>{t(`status.${job.status}`)}</Badge>
            </InlineStack>
            <ProgressBar progress={job.progress} />
            <InlineStack gap="200">
              <Button
                disabled={job.status !== "failed" && job.status !== "cancelled"}
                loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "retry"}
                onClick={() => fetcher.submit({ intent: "retry" }, { method: "post" })}
              >
                {t("job.retry")}
              </Button>
              <Button
                tone="critical"
                disabled={!active}
                loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "cancel"}
                onClick={() => fetcher.submit({ intent: "cancel" }, { method: "post" })}
              >
                {t("job.cancel")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
        <JobSteps steps={job.steps} />
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
