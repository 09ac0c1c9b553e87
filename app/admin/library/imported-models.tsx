/**
 * The Library's imported models: thumbnail, source, author, licence, triangles, the import's progress (polled while
 * an import runs, no reload), and the print-area editor. A model without a print area is 3D-only (no designs).
 */
import { useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useState } from "react";
import { usePollWhile } from "../use-poll-while";
import type { ImportedCard } from "../../shopify/library-imports.server";
import { useI18n } from "../../i18n/use-t";
import { PrintAreaEditor } from "./print-area-editor";
import { SectionCard } from "../section-card";

/** How often a running import is looked at (the job writes its progress; the page reads it). */
const POLL_MS = 1000;

export function ImportedModels({ entries }: { entries: ImportedCard[] }) {
  const { t } = useI18n();
  const revalidator = useRevalidator();
  const [editing, setEditing] = useState<string | null>(null);
  usePollWhile(entries.some((e) => e.status === "importing"), POLL_MS);

  return (
    <SectionCard title={t("library.imported")} help={entries.length ? t("cgtrader.importedHelp") : t("library.importedEmpty")} gap="400">
      {entries.map((e) => (
        <Box key={e.id} borderColor="border" borderWidth="025" borderRadius="200" padding="400">
          <section aria-label={e.title} data-entry-id={e.id}>
            <BlockStack gap="300">
              <InlineStack gap="400" blockAlign="start" wrap={false}>
                <div style={{ width: 112, height: 112, flex: "none", background: "var(--p-color-bg-surface-secondary)", borderRadius: 8, display: "grid", placeItems: "center" }}>
                  {e.thumbUrl ? <img src={e.thumbUrl} alt={e.title} width={112} height={112} style={{ objectFit: "contain", width: 104, height: 104 }} /> : null}
                </div>
                <BlockStack gap="150">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="h3" variant="headingSm">
                      {e.title}
                    </Text>
                    <Badge tone={e.status === "ready" ? "success" : e.status === "failed" ? "critical" : "attention"}>{t(`cgtrader.status.${e.status}`)}</Badge>
                    {e.status === "ready" && (e.printAreas.length ? <Badge tone="info">{t("cgtrader.printable")}</Badge> : <Badge>{t("cgtrader.threeDOnly")}</Badge>)}
                  </InlineStack>
                  <Text as="p" variant="bodySm" tone="subdued">
                    {t("cgtrader.sourceLine", { id: e.sourceId })} · {t("cgtrader.byAuthor", { author: e.author || "—" })}
                  </Text>
                  <Text as="p" variant="bodySm" tone="subdued">
                    {t("library.licence", { licence: e.licence })}
                    {e.triangles !== null ? ` · ${t("library.triangles", { count: e.triangles.toLocaleString() })}` : ""}
                    {e.fileChecksum ? ` · sha256 ${e.fileChecksum.slice(0, 12)}…` : ""}
                  </Text>
                  {e.printAreas.length > 0 && (
                    <Text as="p" variant="bodySm" tone="subdued">
                      {t("library.printAreas", { areas: e.printAreas.map((a) => `${t(`area.${a.name}`)} ${a.widthCm} × ${a.heightCm} cm`).join(", ") })}
                    </Text>
                  )}
                  {e.status === "failed" && e.error && (
                    <Text as="p" variant="bodySm" tone="critical">
                      {t("cgtrader.failed", { error: e.error })}
                    </Text>
                  )}
                </BlockStack>
              </InlineStack>
              {e.status === "importing" && (
                <BlockStack gap="100">
                  <Text as="p" variant="bodySm">
                    {t("cgtrader.progress", { percent: e.progress })}
                  </Text>
                  <ProgressBar progress={e.progress} size="small" />
                </BlockStack>
              )}
              {e.status === "ready" && (
                <InlineStack gap="200">
                  <Button onClick={() => setEditing(editing === e.id ? null : e.id)} pressed={editing === e.id}>
                    {e.printAreas.length ? t("cgtrader.editPrintArea") : t("cgtrader.drawPrintArea")}
                  </Button>
                </InlineStack>
              )}
              {editing === e.id && <PrintAreaEditor entry={e} onSaved={() => revalidator.revalidate()} />}
            </BlockStack>
          </section>
        </Box>
      ))}
    </SectionCard>
  );
}
