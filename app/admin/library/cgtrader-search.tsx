/**
 * The Library's CGTrader search: keywords and a price limit, results with thumbnail, author, price and licence, and
 * "Import" for models whose licence allows commercial use (others are shown with the reason; the server refuses
 * them too). Talks to /app/library/cgtrader (routes/app.library.cgtrader.tsx).
 */
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import type { ImportResult, SearchResult } from "../../connectors/cgtrader/import.server";
import { useI18n } from "../../i18n/use-t";
import { SectionCard } from "../section-card";

/** `imported`: the shop's entries as the page last loaded them (polled), so a hit shows its import's live state. */
export function CgtraderSearch({ imported, onImported }: { imported: { sourceId: string; status: string }[]; onImported(): void }) {
  const { t, locale } = useI18n();
  const search = useFetcher<SearchResult>();
  const [keywords, setKeywords] = useState("");
  const [maxPrice, setMaxPrice] = useState("");
  const [page, setPage] = useState(1);
  const money = new Intl.NumberFormat(locale, { style: "currency", currency: "USD" });

  const run = (p: number) => {
    setPage(p);
    const q = new URLSearchParams({ keywords, page: String(p) });
    if (maxPrice.trim()) q.set("maxPrice", maxPrice.trim());
    search.load(`/app/library/cgtrader?${q}`);
  };
  const data = search.data;

  return (
    <SectionCard title={t("cgtrader.searchTitle")} help={t("cgtrader.searchHelp")} gap="400">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(1);
        }}
      >
        <InlineStack gap="300" blockAlign="end" wrap={false}>
          <div style={{ flex: 1 }}>
            <TextField label={t("cgtrader.keywords")} value={keywords} onChange={setKeywords} autoComplete="off" placeholder={t("cgtrader.keywordsPlaceholder")} />
          </div>
          <div style={{ width: 140 }}>
            <TextField label={t("cgtrader.maxPrice")} type="number" min={0} value={maxPrice} onChange={setMaxPrice} autoComplete="off" prefix="$" />
          </div>
          <Button submit variant="primary" loading={search.state === "loading"}>
            {t("cgtrader.search")}
          </Button>
        </InlineStack>
      </form>
      {data && !data.ok && (
        <Banner tone={data.error === "not_configured" ? "info" : "critical"} title={t(`cgtrader.searchError.${data.error}`)}>
          {data.detail && data.error === "vendor" ? <Text as="p">{data.detail}</Text> : null}
        </Banner>
      )}
      {data?.ok && (
        <BlockStack gap="300">
          <Text as="p" tone="subdued">
            {t("cgtrader.results", { count: data.total })}
          </Text>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
            {data.hits.map((h) => (
              <SearchHitCard key={h.id} hit={h} live={imported.find((e) => e.sourceId === h.id)?.status} price={h.price === null ? "—" : h.price === 0 ? t("cgtrader.free") : money.format(h.price)} onImported={onImported} />
            ))}
          </InlineGrid>
          {data.pages > 1 && (
            <InlineStack gap="200" align="center" blockAlign="center">
              <Button disabled={page <= 1} onClick={() => run(page - 1)}>
                {t("cgtrader.previous")}
              </Button>
              <Text as="span">{t("cgtrader.page", { page, pages: data.pages })}</Text>
              <Button disabled={page >= data.pages} onClick={() => run(page + 1)}>
                {t("cgtrader.next")}
              </Button>
            </InlineStack>
          )}
        </BlockStack>
      )}
    </SectionCard>
  );
}

type Hit = Extract<SearchResult, { ok: true }>["hits"][number];

function SearchHitCard({ hit, live, price, onImported }: { hit: Hit; live?: string; price: string; onImported(): void }) {
  const { t } = useI18n();
  const imp = useFetcher<ImportResult>();
  const started = imp.data?.ok === true;
  const told = useRef(false);
  useEffect(() => {
    // once per import: the page reloads its list, which then polls the import's progress
    if (started && !told.current) {
      told.current = true;
      onImported();
    }
  }, [started, onImported]);
  const status = live ?? (started ? "importing" : hit.imported?.status);
  return (
    <Card padding="0">
      <section aria-label={hit.title} data-cgtrader-id={hit.id}>
        <Box background="bg-surface-secondary" padding="200">
          {hit.thumbnailUrl ? (
            <img src={hit.thumbnailUrl} alt={hit.title} width={256} height={256} style={{ display: "block", margin: "0 auto", width: "100%", maxWidth: 180, height: 180, objectFit: "contain" }} />
          ) : (
            <div style={{ height: 180 }} />
          )}
        </Box>
        <Box padding="400">
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {hit.title}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("cgtrader.byAuthor", { author: hit.author || "—" })} · {price}
            </Text>
            <InlineStack gap="200" blockAlign="center">
              <Badge tone={hit.commercial ? "success" : "critical"}>{hit.commercial ? t("cgtrader.licenceCommercial") : t("cgtrader.licenceNoCommercial")}</Badge>
              <Text as="span" variant="bodySm" tone="subdued">
                {hit.licence}
              </Text>
            </InlineStack>
            {!hit.commercial && (
              <Text as="p" variant="bodySm" tone="critical">
                {t("cgtrader.cannotImport")}
              </Text>
            )}
            {imp.data && !imp.data.ok && (
              <Text as="p" variant="bodySm" tone="critical">
                {t(`cgtrader.importError.${imp.data.error}`)}
              </Text>
            )}
            <InlineStack gap="200" blockAlign="center">
              <Button
                disabled={!hit.commercial || status === "importing" || status === "ready"}
                loading={imp.state !== "idle"}
                onClick={() => imp.submit({ id: hit.id }, { method: "post", action: "/app/library/cgtrader" })}
              >
                {status === "ready" ? t("cgtrader.imported") : status === "importing" ? t("cgtrader.importing") : t("cgtrader.import")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Box>
      </section>
    </Card>
  );
}
