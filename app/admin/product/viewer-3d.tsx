/**
 * The live 3D preview: Google's <model-viewer>, imported only when this component mounts (the product page),
 * so no other admin page downloads it. The colour switch selects the GLB's KHR_materials_variants variant;
 * the design is in the GLB on its decal layer (app/contracts/decal-layer.ts), untouched by the tint.
 */
import { BlockStack, Button, ButtonGroup, Text } from "@shopify/polaris";
import { createElement, useEffect, useRef, useState } from "react";
import { useT } from "../../i18n/use-t";

interface Props {
  src: string;
  /** the meshopt decoder's URL on our origin (model-viewer's default is a third-party CDN) */
  meshoptDecoder: string;
  variants: string[];
  colors: { name: string; hex: string }[];
  alt: string;
}

type ModelViewerElement = HTMLElement & { variantName: string | null; loaded?: boolean };

export function Viewer3d({ src, meshoptDecoder, variants, colors, alt }: Props) {
  const t = useT();
  const ref = useRef<ModelViewerElement | null>(null);
  const [ready, setReady] = useState(false);
  const [variant, setVariant] = useState<string | null>(variants[0] ?? null);

  useEffect(() => {
    let live = true;
    // model-viewer reads its configuration from window.ModelViewerElement when it loads
    const w = window as unknown as { ModelViewerElement?: Record<string, unknown> };
    w.ModelViewerElement = { ...(w.ModelViewerElement ?? {}), meshoptDecoderLocation: meshoptDecoder };
    void import("@google/model-viewer").then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [meshoptDecoder]);

  useEffect(() => {
    const el = ref.current;
    if (el && ready) el.variantName = variant;
  }, [ready, variant]);

  return (
    <BlockStack gap="200">
      {createElement("model-viewer", {
        ref,
        // the src is set only once the decoder location is configured (before the element upgrades)
        src: ready ? src : undefined,
        alt,
        "camera-controls": true,
        "touch-action": "pan-y",
        "shadow-intensity": "1",
        exposure: "1.05",
        "environment-image": "neutral",
        "interaction-prompt": "none",
        "data-testid": "viewer-3d",
        style: { width: "100%", height: 380, background: "linear-gradient(#fafafa, #ececec)", borderRadius: 8 },
      })}
      {variants.length > 1 && (
        <ButtonGroup variant="segmented">
          {variants.map((v) => {
            const hex = colors.find((c) => c.name === v)?.hex;
            return (
              <Button key={v} pressed={variant === v} onClick={() => setVariant(v)} accessibilityLabel={`${t("product.color")}: ${v}`}>
                {
                  (
                    <span style={{ display: "inline-flex", alignItems: "center", gap: 6 }}>
                      <span aria-hidden style={{ width: 12, height: 12, borderRadius: 6, background: hex ?? "#ccc", boxShadow: "0 0 0 1px rgba(0,0,0,.25)" }} />
                      {v}
                    </span>
                  ) as unknown as string
                }
              </Button>
            );
          })}
        </ButtonGroup>
      )}
      <Text as="p" variant="bodySm" tone="subdued">
        {t("product.preview3dHelp")}
      </Text>
    </BlockStack>
  );
}
