import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Button, Card, InlineStack, Page, Tabs, Text } from "@shopify/polaris";
import { JOB_FILTERS } from "../admin/job-filters";
import { JobRow } from "../admin/job-row";
import { AdminErrorBoundary } from "../admin/not-found";
import { usePollWhile } from "../admin/use-poll-while";
import { useT } from "../i18n/use-t";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";
import { loadJobsPage } from "../shopify/jobs-page.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  return json(await loadJobsPage(routeDb(), admin.graphql, session.shop, new URL(request.url).searchParams));
};

export default function Jobs() {
  const { filter, jobs, older } = useLoaderData<typeof loader>();
  const t = useT();
  const [params, setParams] = useSearchParams();
  // running jobs move without the merchant doing anything
  usePollWhile(jobs.some((j) => j.status === "queued" || j.status === "running"));
  const go = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null) p.delete(k);
      else p.set(k, v);
    }
    setParams(p);
  };
  const tabs = JOB_FILTERS.map((f) => ({ id: f, content: t(`jobs.filter_${f}`) }));
  return (
    <Page title={t("jobs.title")} backAction={params.get("before") ? { content: t("jobs.newest"), onAction: () => go({ before: null }) } : undefined}>
      <TitleBar title={t("jobs.title")} />
      <Card padding="0">
        <Tabs tabs={tabs} selected={JOB_FILTERS.indexOf(filter)} onSelect={(i) => go({ filter: JOB_FILTERS[i] === "all" ? null : JOB_FILTERS[i], before: null })} />
        <div style={{ padding: "12px 16px" }}>
          <BlockStack gap="100">
            {jobs.length === 0 && (
              <Text as="p" tone="subdued">
                {t(filter === "all" ? "home.noJobs" : "jobs.emptyFiltered")}
              </Text>
            )}
            <ul aria-label={t("jobs.title")} style={{ listStyle: "none", margin: 0, padding: 0 }}>
              {jobs.map((j) => (
                <li key={j.id}>
                  <JobRow job={j} />
                </li>
              ))}
            </ul>
            {older && (
              <InlineStack align="center">
                <Button onClick={() => go({ before: older })}>{t("jobs.older")}</Button>
              </InlineStack>
            )}
          </BlockStack>
        </div>
      </Card>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
