/**
 * Drawing a print area on an imported model's UV layout: drag a rectangle on the layout picture, name the area,
 * give its physical size in cm, save. The server validates the whole list with the print-area contract
 * (app/contracts/print-area.ts drawnPrintAreasSchema); its problems come back as message keys shown in the merchant's
 * language, and a refused save changes nothing.
 */
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, Select, Spinner, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState, type PointerEvent } from "react";
import { DRAWN_AREA_NAMES, type PrintArea, type UvRect } from "../../contracts/print-area";
import { useI18n } from "../../i18n/use-t";
import type { ImportedCard } from "../../shopify/library-imports.server";

type LoadData = { entry: ImportedCard; uv: { url: string; size: number; coverage: number } | null };
type SaveData = { ok: true; entry: ImportedCard } | { ok: false; issues: { path: string; key: string }[] };

const DISPLAY_PX = 480;
const clamp = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number) => Math.round(v * 10_000) / 10_000;

export function PrintAreaEditor({ entry, onSaved }: { entry: ImportedCard; onSaved(): void }) {
  const { t } = useI18n();
  const layout = useFetcher<LoadData>();
  const save = useFetcher<SaveData>();
  const first = entry.printAreas[0];
  const [name, setName] = useState<string>(first?.name ?? "front");
  const [rect, setRect] = useState<UvRect | null>(first?.uv ?? null);
  const [widthCm, setWidthCm] = useState(first ? String(first.widthCm) : "");
  const [heightCm, setHeightCm] = useState(first ? String(first.heightCm) : "");
  const drag = useRef<{ u: number; v: number } | null>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (layout.state === "idle" && !layout.data) layout.load(`/app/library/imported/${entry.id}?uv=1`);
  }, [layout, entry.id]);
  useEffect(() => {
    if (save.data?.ok) onSaved();
  }, [save.data, onSaved]);
  // choosing another area shows what is stored for it; a poll of the page (new arrays) must not overwrite what the
  // merchant is typing, so the stored areas are read through a ref
  const stored = useRef(entry.printAreas);
  stored.current = entry.printAreas;
  useEffect(() => {
    const a = stored.current.find((x) => x.name === name);
    if (a) {
      setRect(a.uv);
      setWidthCm(String(a.widthCm));
      setHeightCm(String(a.heightCm));
    }
  }, [name]);

  const at = (e: PointerEvent<HTMLDivElement>) => {
    const r = box.current!.getBoundingClientRect();
    return { u: clamp((e.clientX - r.left) / r.width), v: clamp((e.clientY - r.top) / r.height) };
  };
  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = at(e);
    setRect(null);
  };
  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    const p = at(e);
    const s = drag.current;
    setRect({ u0: round(Math.min(s.u, p.u)), v0: round(Math.min(s.v, p.v)), u1: round(Math.max(s.u, p.u)), v1: round(Math.max(s.v, p.v)) });
  };
  const onUp = () => {
    drag.current = null;
  };

  const submit = (areas: unknown[]) =>
    save.submit({ printAreas: areas } as never, { method: "post", encType: "application/json", action: `/app/library/imported/${entry.id}` });
  const others = entry.printAreas.filter((a) => a.name !== name);
  const draft = rect ? { name, uv: rect, widthCm: Number(widthCm.replace(",", ".")), heightCm: Number(heightCm.replace(",", ".")) } : null;
  const uv = layout.data?.uv;
  const issues = save.data && !save.data.ok ? save.data.issues : [];

  return (
    <BlockStack gap="300">
      <Text as="p" tone="subdued">
        {t("cgtrader.printArea.help")}
      </Text>
      <InlineStack gap="500" blockAlign="start" wrap>
        <div
          ref={box}
          role="img"
          aria-label={t("cgtrader.printArea.layout")}
          data-testid="uv-layout"
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          style={{ position: "relative", width: DISPLAY_PX, height: DISPLAY_PX, cursor: "crosshair", touchAction: "none", userSelect: "none", border: "1px solid var(--p-color-border)", borderRadius: 4, overflow: "hidden", background: "#f6f7f8" }}
        >
          {uv ? <img src={uv.url} alt="" draggable={false} width={DISPLAY_PX} height={DISPLAY_PX} style={{ display: "block", width: "100%", height: "100%", pointerEvents: "none" }} /> : <div style={{ display: "grid", placeItems: "center", height: "100%" }}><Spinner size="small" /></div>}
          {others.map((a) => (
            <RectBox key={a.name} rect={a.uv} label={t(`area.${a.name}`)} muted />
          ))}
          {rect && <RectBox rect={rect} label={t(`area.${name}`)} />}
        </div>
        <div style={{ width: 260 }}>
          <BlockStack gap="300">
            {uv && uv.coverage < 0.05 && <Banner tone="warning">{t("cgtrader.printArea.noUvs")}</Banner>}
            <Select label={t("cgtrader.printArea.name")} options={DRAWN_AREA_NAMES.map((n) => ({ label: t(`area.${n}`), value: n }))} value={name} onChange={setName} />
            <TextField label={t("cgtrader.printArea.width")} type="number" suffix="cm" value={widthCm} onChange={setWidthCm} autoComplete="off" />
            <TextField label={t("cgtrader.printArea.height")} type="number" suffix="cm" value={heightCm} onChange={setHeightCm} autoComplete="off" />
            <Text as="p" variant="bodySm" tone="subdued">
              {rect ? t("cgtrader.printArea.rect", { u: Math.round(rect.u0 * 100), v: Math.round(rect.v0 * 100), w: Math.round((rect.u1 - rect.u0) * 100), h: Math.round((rect.v1 - rect.v0) * 100) }) : t("cgtrader.printArea.drawFirst")}
            </Text>
            {issues.length > 0 && (
              <Banner tone="critical" title={t("cgtrader.printArea.notSaved")}>
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {[...new Set(issues.map((i) => i.key))].map((k) => (
                    <li key={k}>{t(k)}</li>
                  ))}
                </ul>
              </Banner>
            )}
            {save.data?.ok && <Banner tone="success">{t("cgtrader.printArea.saved")}</Banner>}
            <InlineStack gap="200">
              <Button variant="primary" disabled={!draft} loading={save.state !== "idle"} onClick={() => draft && submit([...others, draft])}>
                {t("cgtrader.printArea.save")}
              </Button>
              {entry.printAreas.some((a) => a.name === name) && (
                <Button tone="critical" variant="plain" onClick={() => submit(others)}>
                  {t("cgtrader.printArea.remove")}
                </Button>
              )}
            </InlineStack>
          </BlockStack>
        </div>
      </InlineStack>
    </BlockStack>
  );
}

function RectBox({ rect, label, muted }: { rect: PrintArea["uv"]; label: string; muted?: boolean }) {
  return (
    <div
      data-testid={muted ? undefined : "print-area-rect"}
      style={{
        position: "absolute",
        left: `${rect.u0 * 100}%`,
        top: `${rect.v0 * 100}%`,
        width: `${(rect.u1 - rect.u0) * 100}%`,
        height: `${(rect.v1 - rect.v0) * 100}%`,
        border: `2px ${muted ? "dashed" : "solid"} ${muted ? "#6d7175" : "#2c6ecb"}`,
        background: muted ? "rgba(109,113,117,0.12)" : "rgba(44,110,203,0.18)",
        pointerEvents: "none",
      }}
    >
      <span style={{ position: "absolute", left: 4, top: 2, fontSize: 12, fontWeight: 600, color: muted ? "#4a4f54" : "#1f4f99", background: "rgba(255,255,255,0.85)", padding: "0 4px", borderRadius: 3 }}>{label}</span>
    </div>
  );
}
