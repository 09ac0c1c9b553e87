/** Each colour option value → a colour, with the store's palette preset one click away. */
import { BlockStack, Button, InlineStack, TextField } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import type { Color } from "../../contracts/colour";
import { PALETTE_PRESET } from "../../contracts/product-setup";
import { useT } from "../../i18n/use-t";

const HEX = /^#[0-9a-fA-F]{6}$/;

export function ColorsCard({ colors, hasOption, onChange }: { colors: Color[]; hasOption: boolean; onChange(next: Color[]): void }) {
  const t = useT();
  const set = (i: number, hex: string) => onChange(colors.map((c, j) => (j === i ? { ...c, hex } : c)));
  return (
    <SectionCard title={t("product.colors")} help={hasOption ? t("product.colorsHelp") : t("product.noColorOption")}>
        {colors.map((c, i) => (
          <BlockStack key={c.name} gap="100">
            <InlineStack gap="200" blockAlign="end" wrap={false}>
              <span aria-hidden style={{ width: 28, height: 28, flex: "none", borderRadius: 6, background: HEX.test(c.hex) ? c.hex : "transparent", boxShadow: "0 0 0 1px rgba(0,0,0,.2)", marginBottom: 4 }} />
              <div style={{ flex: 1 }}>
                <TextField
                  label={c.name}
                  autoComplete="off"
                  value={c.hex}
                  onChange={(v) => set(i, v.trim())}
                  error={HEX.test(c.hex) ? undefined : t("product.hex")}
                  maxLength={7}
                  monospaced
                />
              </div>
            </InlineStack>
            <InlineStack gap="100">
              {PALETTE_PRESET.map((p) => (
                <Button key={p.name} size="micro" pressed={c.hex.toUpperCase() === p.hex} onClick={() => set(i, p.hex)} accessibilityLabel={`${c.name}: ${p.name} ${p.hex}`}>
                  {p.name}
                </Button>
              ))}
            </InlineStack>
          </BlockStack>
        ))}
    </SectionCard>
  );
}
