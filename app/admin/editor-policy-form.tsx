/**
 * Settings → "Shopper design editor": which print areas, fonts and text colours shoppers may use, how many layers
 * per print area, and whether they may upload images. Saved on its own (app/admin/editor-policy.server.ts); the
 * block's theme settings can narrow these rules per product page, never widen them.
 */
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, ChoiceList, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { EditorPolicy } from "../contracts/editor-policy";
import { FONTS } from "../designs/text/fonts";
import type { InputIssue } from "../i18n/issues.server";
import { issueText } from "../i18n/message";
import { useT } from "../i18n/use-t";

type Answer = { ok: true; policy: EditorPolicy } | { ok: false; issues: InputIssue[] };

export function EditorPolicyForm({ policy, areaOptions }: { policy: EditorPolicy; areaOptions: string[] }) {
  const t = useT();
  const fetcher = useFetcher<Answer>();
  const [areas, setAreas] = useState<string[]>(policy.areas.length ? policy.areas : areaOptions);
  const [fonts, setFonts] = useState<string[]>(policy.fonts);
  const [colors, setColors] = useState(policy.colors.join(", "));
  const [maxLayers, setMaxLayers] = useState(String(policy.maxLayers));
  const [uploads, setUploads] = useState(policy.uploads);
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const issues = answer && !answer.ok ? answer.issues : [];
  const errorOf = (field: string) => {
    const mine = issues.filter((i) => i.path === field);
    return mine.length ? mine.map((i) => issueText(t, { path: "", msg: i.msg })).join(" ") : undefined;
  };
  const swatches = colors.split(/[,\s]+/).filter((c) => /^#?[0-9A-Fa-f]{6}$/.test(c.trim()));
  const save = () => fetcher.submit({ editorPolicy: { areas, fonts, colors, maxLayers, uploads } }, { method: "post", encType: "application/json" });

  return (
    <section aria-label={t("editorPolicy.title")}>
      <Card>
        <BlockStack gap="400">
          {answer?.ok && <Banner tone="success">{t("editorPolicy.saved")}</Banner>}
          {answer && !answer.ok && <Banner tone="critical" title={t("editorPolicy.notSaved")}>{t("editorPolicy.fixFields")}</Banner>}
          <Checkbox label={t("editorPolicy.uploads")} helpText={t("editorPolicy.uploadsHelp")} checked={uploads} onChange={setUploads} />
          <ChoiceList
            allowMultiple
            title={t("editorPolicy.areas")}
            choices={areaOptions.map((a) => ({ label: t(`area.${a}`), value: a }))}
            selected={areas}
            onChange={setAreas}
            error={errorOf("areas")}
          />
          <ChoiceList
            allowMultiple
            title={t("editorPolicy.fonts")}
            choices={FONTS.map((f) => ({ label: f.label, value: f.id, helpText: f.licence }))}
            selected={fonts}
            onChange={setFonts}
            error={errorOf("fonts")}
          />
          <BlockStack gap="200">
            <TextField
              label={t("editorPolicy.colors")}
              helpText={t("editorPolicy.colorsHelp")}
              autoComplete="off"
              value={colors}
              onChange={setColors}
              error={errorOf("colors")}
            />
            <InlineStack gap="150" aria-hidden>
              {swatches.map((c, i) => (
                <Box key={`${c}-${i}`} minWidth="24px" minHeight="24px" borderRadius="full" borderWidth="025" borderColor="border" background="bg-surface">
                  <div style={{ width: 24, height: 24, borderRadius: 12, background: c.startsWith("#") ? c : `#${c}` }} />
                </Box>
              ))}
            </InlineStack>
          </BlockStack>
          <TextField
            label={t("editorPolicy.maxLayers")}
            helpText={t("editorPolicy.maxLayersHelp")}
            type="number"
            min={1}
            max={20}
            autoComplete="off"
            value={maxLayers}
            onChange={setMaxLayers}
            error={errorOf("maxLayers")}
          />
          <InlineStack align="space-between" blockAlign="center">
            <Text as="p" tone="subdued" variant="bodySm">
              {t("editorPolicy.blockNarrows")}
            </Text>
            <Button onClick={save} loading={fetcher.state !== "idle"}>
              {t("editorPolicy.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </section>
  );
}
