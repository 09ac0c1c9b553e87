/** The latest job's mockups, per view and colour; each opens full size in a new tab. */
import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import { useT } from "../../i18n/use-t";

export interface GalleryItem {
  key: string;
  url: string;
  view: string;
  color: string;
  width: number | null;
  height: number | null;
}

export function Gallery({ mockups }: { mockups: GalleryItem[] }) {
  const t = useT();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("product.gallery")}
        </Text>
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
                    src={m.url}
                    alt={`${t(`view.${m.view}`)} · ${m.color}`}
                    width={m.width ?? undefined}
                    height={m.height ?? undefined}
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
      </BlockStack>
    </Card>
  );
}
