/** The latest job's mockups, per view and colour, as gallery-size thumbnails (480 px WebP); each opens full size in a new tab. */
import { BlockStack, InlineGrid, Text } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import { useT } from "../../i18n/use-t";

export interface GalleryItem {
  key: string;
  /** the full-size mockup */
  url: string;
  /** its gallery thumbnail */
  thumbUrl: string;
  view: string;
  color: string;
  width: number | null;
  height: number | null;
}

export function Gallery({ mockups }: { mockups: GalleryItem[] }) {
  const t = useT();
  return (
    <SectionCard title={t("product.gallery")}>
        {mockups.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("product.galleryEmpty")}
          </Text>
        ) : (
          <InlineGrid columns={{ xs: 2, md: 3 }} gap="300">
            {mockups.map((m) => (
              <a key={m.key} href={m.url} target="_blank" rel="noreferrer" style={{ textDecoration: "none", color: "inherit" }} data-testid="mockup">
                <BlockStack gap="100">
                  <img
                    src={m.thumbUrl}
                    alt={`${t(`view.${m.view}`)} · ${m.color}`}
                    width={240}
                    height={240}
                    loading="lazy"
                    style={{ width: "100%", height: "auto", aspectRatio: "1", objectFit: "cover", borderRadius: 8, background: "#f1f1f1" }}
                  />
                  <Text as="span" variant="bodySm" tone="subdued">
                    {t(`view.${m.view}`)} · {m.color}
                  </Text>
                </BlockStack>
              </a>
            ))}
          </InlineGrid>
        )}
    </SectionCard>
  );
}
