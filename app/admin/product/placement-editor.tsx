/**
 * Design placement per view and print area: a print-area canvas in the garment's colour with the design
 * on it, dragged with the pointer (the preview follows every move) or set with the sliders. Values are the
 * placement contract's fractions (scale of the area's width, centre offsets of ±0.5).
 */
import { BlockStack, Box, Button, InlineGrid, InlineStack, RangeSlider, Select, Tabs, Text } from "@shopify/polaris";
import { useCallback, useMemo, useRef, useState, type PointerEvent } from "react";
import type { SetupPlacement } from "../../contracts/product-setup";
import { useT } from "../../i18n/use-t";
import { isVisible } from "../../contracts/view";

export interface EditorDesign {
  id: string;
  name: string;
  width: number;
  height: number;
  url: string | null;
}

export interface EditorArea {
  name: string;
  widthCm: number;
  heightCm: number;
}

interface Props {
  views: string[];
  areas: EditorArea[];
  designs: EditorDesign[];
  placements: SetupPlacement[];
  color: string;
  onChange(next: SetupPlacement[]): void;
}

const BOX_MAX = 320;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round = (v: number) => Math.round(v * 1000) / 1000;

export function PlacementEditor({ views, areas, designs, placements, color, onChange }: Props) {
  const t = useT();
  const [viewIndex, setViewIndex] = useState(0);
  const view = views[Math.min(viewIndex, views.length - 1)] ?? "front";
  const visibleAreas = areas.filter((a) => isVisible(a.name, view));
  const [areaName, setAreaName] = useState(visibleAreas[0]?.name ?? areas[0]?.name ?? "front");
  const area = visibleAreas.find((a) => a.name === areaName) ?? visibleAreas[0] ?? areas[0];
  const current = placements.find((p) => p.view === view && p.placement.area === area?.name);
  const design = designs.find((d) => d.id === current?.designId);

  const update = useCallback(
    (change: Partial<SetupPlacement["placement"]> | { designId: string | null }) => {
      if (!area) return;
      const rest = placements.filter((p) => !(p.view === view && p.placement.area === area.name));
      if ("designId" in change) {
        if (!change.designId) return onChange(rest);
        const base = current?.placement ?? { area: area.name, scale: 0.6, offsetX: 0, offsetY: -0.1, rotationDeg: 0 };
        return onChange([...rest, { view: view as SetupPlacement["view"], designId: change.designId, placement: base }]);
      }
      if (!current) return;
      onChange([...rest, { ...current, placement: { ...current.placement, ...change } }]);
    },
    [area, current, onChange, placements, view],
  );

  // the print area at a fixed on-screen size, its aspect ratio kept
  const box = useMemo(() => {
    if (!area) return { w: BOX_MAX, h: BOX_MAX };
    const ratio = area.heightCm / area.widthCm;
    return ratio > 1 ? { w: BOX_MAX / ratio, h: BOX_MAX } : { w: BOX_MAX, h: BOX_MAX * ratio };
  }, [area]);

  const drag = useRef<{ x: number; y: number; ox: number; oy: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (!current) return;
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, ox: current.placement.offsetX, oy: current.placement.offsetY };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    update({ offsetX: round(clamp(d.ox + (e.clientX - d.x) / box.w, -0.5, 0.5)), offsetY: round(clamp(d.oy + (e.clientY - d.y) / box.h, -0.5, 0.5)) });
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  const p = current?.placement;
  const dw = p && design ? p.scale * box.w : 0;
  const dh = p && design ? (dw * design.height) / design.width : 0;
  const widthCm = p && area ? p.scale * area.widthCm : 0;
  const heightCm = design && widthCm ? (widthCm * design.height) / design.width : 0;

  return (
    <BlockStack gap="300">
      <Tabs tabs={views.map((v) => ({ id: `view-${v}`, content: t(`view.${v}`) }))} selected={Math.min(viewIndex, views.length - 1)} onSelect={setViewIndex} />
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <BlockStack gap="200" inlineAlign="center">
          <div
            role="img"
            aria-label={t("product.placement")}
            data-testid="placement-canvas"
            style={{
              position: "relative",
              width: box.w,
              height: box.h,
              background: color,
              borderRadius: 6,
              outline: "2px dashed rgba(128,128,128,.8)",
              outlineOffset: -2,
              overflow: "hidden",
              touchAction: "none",
              boxShadow: "inset 0 0 40px rgba(0,0,0,.18)",
            }}
          >
            {p && design?.url && (
              <div
                data-testid="placement-design"
                onPointerDown={onPointerDown}
                onPointerMove={onPointerMove}
                onPointerUp={onPointerUp}
                style={{
                  position: "absolute",
                  width: dw,
                  height: dh,
                  left: box.w / 2 + p.offsetX * box.w - dw / 2,
                  top: box.h / 2 + p.offsetY * box.h - dh / 2,
                  transform: `rotate(${p.rotationDeg}deg)`,
                  backgroundImage: `url(${design.url})`,
                  backgroundSize: "contain",
                  backgroundRepeat: "no-repeat",
                  cursor: "grab",
                  outline: "1px solid rgba(0,91,211,.7)",
                }}
              />
            )}
          </div>
          <Text as="p" variant="bodySm" tone="subdued">
            {area ? `${t(`area.${area.name}`)} · ${area.widthCm} × ${area.heightCm} cm` : ""}
            {widthCm ? ` · ${widthCm.toFixed(1)} × ${heightCm.toFixed(1)} cm` : ""}
          </Text>
        </BlockStack>
        <BlockStack gap="300">
          <Select
            label={t("product.printArea")}
            options={visibleAreas.map((a) => ({ label: t(`area.${a.name}`), value: a.name }))}
            value={area?.name ?? ""}
            onChange={setAreaName}
          />
          <Select
            label={t("product.design")}
            options={[{ label: t("product.noDesign"), value: "" }, ...designs.map((d) => ({ label: d.name, value: d.id }))]}
            value={current?.designId ?? ""}
            onChange={(v) => update({ designId: v || null })}
            helpText={designs.length === 0 ? t("product.uploadFirst") : undefined}
          />
          {p && (
            <>
              <RangeSlider label={t("product.scale")} min={5} max={100} value={Math.round(p.scale * 100)} suffix={`${Math.round(p.scale * 100)} %`} onChange={(v) => update({ scale: Number(v) / 100 })} output />
              <RangeSlider label={t("product.offsetX")} min={-50} max={50} value={Math.round(p.offsetX * 100)} onChange={(v) => update({ offsetX: Number(v) / 100 })} />
              <RangeSlider label={t("product.offsetY")} min={-50} max={50} value={Math.round(p.offsetY * 100)} onChange={(v) => update({ offsetY: Number(v) / 100 })} />
              <RangeSlider label={t("product.rotation")} min={-180} max={180} value={p.rotationDeg} suffix={`${p.rotationDeg}°`} onChange={(v) => update({ rotationDeg: Number(v) })} output />
              <InlineStack>
                <Button variant="plain" tone="critical" onClick={() => update({ designId: null })}>
                  {t("product.removeDesign")}
                </Button>
              </InlineStack>
            </>
          )}
          <Box>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("product.placementHelp")}
            </Text>
          </Box>
        </BlockStack>
      </InlineGrid>
    </BlockStack>
  );
}
