import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, DropZone, EmptyState, InlineStack, Page, ResourceItem, ResourceList, Text, Thumbnail } from "@shopify/polaris";
import { useCallback } from "react";
import { AdminErrorBoundary } from "../admin/not-found";
import { useT } from "../i18n/use-t";
import { authenticate } from "../shopify.server";
import { thumbLink } from "../shopify/asset-links.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { deleteDesign, listDesigns, MAX_UPLOAD_BYTES, uploadDesign, type DesignActionResult } from "../shopify/designs.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const designs = await listDesigns(routeDb(), session.shop);
  return json({ designs: designs.map((d) => ({ ...d, thumbUrl: thumbLink(session.shop, d.assetKey) })) });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const db = routeDb();
  const r = await designAction(request, (form) => {
    const intent = form.get("intent");
    if (intent === "delete") return deleteDesign(db, session.shop, String(form.get("id") ?? ""));
    const file = form.get("file");
    if (intent !== "upload" || !(file instanceof Blob)) return Promise.resolve<DesignActionResult>({ status: 400, body: { ok: false, code: "empty", message: "no file" } });
    return file.arrayBuffer().then((b) => uploadDesign(db, routeBlobs(), session.shop, { bytes: Buffer.from(b), filename: (file as File).name ?? "design" }));
  });
  return json(r.body, { status: r.status });
};

/** Refuses an oversized body before reading it (the intake refuses it again by its real size). */
async function designAction(request: Request, run: (form: FormData) => Promise<DesignActionResult>): Promise<DesignActionResult> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES + 64 * 1024) {
    return { status: 413, body: { ok: false, code: "too_large", message: "file too large" } };
  }
  return run(await request.formData());
}

type Data = DesignActionResult["body"];

export default function Designs() {
  const { designs } = useLoaderData<typeof loader>();
  const t = useT();
  const upload = useFetcher<Data>();
  const remove = useFetcher<Data>();
  const onDrop = useCallback(
    (_all: File[], accepted: File[]) => {
      const file = accepted[0];
      if (!file) return;
      const form = new FormData();
      form.set("intent", "upload");
      form.set("file", file);
      upload.submit(form, { method: "post", encType: "multipart/form-data" });
    },
    [upload],
  );
  const refusal = (d: Data | undefined) =>
    d && !d.ok ? (d.code === "in_use" ? t("designs.inUse", { products: (d.usedBy ?? []).join(", ") }) : t(`intake.${d.code}`) === `intake.${d.code}` ? t("intake.unknown", { message: d.message }) : t(`intake.${d.code}`)) : null;

  return (
    <Page title={t("designs.title")}>
      <TitleBar title={t("designs.title")} />
      <BlockStack gap="400">
        {upload.data && !upload.data.ok && (
          <Banner tone="critical" title={t("designs.uploadFailed")}>
            <p>{refusal(upload.data)}</p>
          </Banner>
        )}
        {upload.data?.ok && <Banner tone={upload.data.lowDpi ? "warning" : "success"}>{t(upload.data.lowDpi ? "designs.uploadedLowDpi" : "designs.uploaded")}</Banner>}
        {remove.data && !remove.data.ok && <Banner tone="critical">{refusal(remove.data)}</Banner>}
        {remove.data?.ok && <Banner tone="success">{t("designs.deleted")}</Banner>}
        <Card>
          <DropZone label={t("designs.upload")} accept="image/png,image/jpeg,image/webp,image/svg+xml" type="image" allowMultiple={false} onDrop={onDrop} disabled={upload.state !== "idle"}>
            <DropZone.FileUpload actionTitle={t("designs.upload")} actionHint={t("designs.dropHint")} />
          </DropZone>
        </Card>
        <Card padding="0">
          {designs.length === 0 ? (
            <EmptyState heading={t("designs.empty")} image="">
              <p>{t("designs.emptyBody")}</p>
            </EmptyState>
          ) : (
            <ResourceList
              resourceName={{ singular: t("product.design"), plural: t("designs.title") }}
              items={designs}
              renderItem={(d) => (
                <ResourceItem id={d.id} onClick={() => undefined} media={<Thumbnail source={d.thumbUrl} alt={d.name} size="medium" />} accessibilityLabel={d.name}>
                  <InlineStack align="space-between" blockAlign="center" wrap={false} gap="300">
                    <BlockStack gap="100">
                      <Text as="h3" fontWeight="semibold">
                        {d.name}
                      </Text>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {t("designs.size", { width: d.width, height: d.height })}
                      </Text>
                      {d.usedBy.length > 0 ? (
                        <InlineStack gap="100" blockAlign="center">
                          <Text as="span" variant="bodySm" tone="subdued">
                            {t("designs.usedOn")}
                          </Text>
                          {d.usedBy.map((u) => (
                            <Badge key={u.productId} tone="info">
                              {u.title}
                            </Badge>
                          ))}
                        </InlineStack>
                      ) : (
                        <Text as="span" variant="bodySm" tone="subdued">
                          {t("designs.notUsed")}
                        </Text>
                      )}
                    </BlockStack>
                    <Button
                      tone="critical"
                      variant="plain"
                      onClick={() => remove.submit({ intent: "delete", id: d.id }, { method: "post" })}
                      loading={remove.state !== "idle" && remove.formData?.get("id") === d.id}
                      accessibilityLabel={`${t("designs.delete")} ${d.name}`}
                    >
                      {t("designs.delete")}
                    </Button>
                  </InlineStack>
                </ResourceItem>
              )}
            />
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
