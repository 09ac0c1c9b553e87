/**
 * The editor's styles, injected once when it opens (the block's stylesheet stays small for first paint). While it is
 * open the block's 3D stage sticks to the top of the window at most 42 % of its height (opaque, so the controls
 * scroll under it): the model stays in view, and model-viewer keeps rendering the live texture (it renders nothing
 * while out of the viewport). Touch targets are at least 44 px; inputs use 16 px text (no zoom on focus in iOS).
 */
export const CSS = `
.mockup-viewer.is-editing .mockup-viewer__stage{position:sticky;top:var(--mockup-sticky-top,0px);z-index:3;aspect-ratio:auto;width:100%;height:max(180px,min(100vw,42vh));
  background:linear-gradient(var(--mv-stage-bg),var(--mv-stage-bg)),rgb(var(--color-background,255,255,255));box-shadow:0 8px 12px -10px rgba(0,0,0,.35)}
.mockup-viewer.is-editing .mockup-viewer__3d{background:linear-gradient(var(--mv-stage-bg),var(--mv-stage-bg)),rgb(var(--color-background,255,255,255))}
.mockup-editor{--ed-ink:#1c1d1f;--ed-muted:#5c6066;--ed-line:#dcdfe3;--ed-accent:#2f6feb;--ed-good:#1f7a4d;--ed-fair:#9a6b00;--ed-low:#b3261e;
  font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ed-ink);display:grid;gap:12px;margin-top:16px;padding:16px;border:1px solid var(--ed-line);border-radius:12px;background:#fff}
.mockup-editor__title{margin:0;font-size:16px;font-weight:600}
.mockup-editor__tabs{display:grid;grid-template-columns:repeat(auto-fit,minmax(118px,1fr));gap:6px}
.mockup-editor__tab{appearance:none;border:1px solid var(--ed-line);background:#f6f7f8;color:var(--ed-ink);border-radius:999px;min-height:44px;padding:6px 12px;font:inherit;cursor:pointer;display:inline-flex;gap:6px;align-items:center;justify-content:center;white-space:nowrap}
.mockup-editor__tab[aria-selected=true]{background:var(--ed-ink);border-color:var(--ed-ink);color:#fff}
.mockup-editor__count{font-size:11px;min-width:18px;height:18px;border-radius:9px;background:var(--ed-accent);color:#fff;display:inline-grid;place-items:center}
.mockup-editor__stage{border-radius:10px;overflow:hidden;border:1px solid var(--ed-line)}
.mockup-editor__canvas{display:block;width:100%;cursor:grab;outline:none}
.mockup-editor__canvas:focus-visible{box-shadow:inset 0 0 0 3px var(--ed-accent)}
.mockup-editor__add,.mockup-editor__actions,.mockup-editor__row{display:flex;gap:8px;flex-wrap:wrap}
.mockup-editor__add>.mockup-editor__btn,.mockup-editor__row>.mockup-editor__btn{flex:1 1 auto}
.mockup-editor__btn{appearance:none;border:1px solid var(--ed-ink);background:#fff;color:var(--ed-ink);border-radius:8px;min-height:44px;padding:8px 14px;font:inherit;font-weight:500;cursor:pointer}
.mockup-editor__btn--primary{background:var(--ed-ink);color:#fff;margin-left:auto;flex:1 1 auto;max-width:100%}
.mockup-editor__btn--quiet{border-color:var(--ed-line)}
.mockup-editor__btn:disabled{opacity:.45;cursor:default}
.mockup-editor__btn:focus-visible,.mockup-editor__tab:focus-visible,.mockup-editor__layer:focus-visible,.mockup-editor__swatch:focus-visible{outline:3px solid var(--ed-accent);outline-offset:2px}
.mockup-editor__file{display:none}
.mockup-editor__layers{list-style:none;margin:0;padding:0;display:grid;gap:4px}
.mockup-editor__layer{width:100%;text-align:left;appearance:none;border:1px solid var(--ed-line);background:#fff;border-radius:8px;min-height:44px;padding:7px 10px;font:inherit;color:inherit;cursor:pointer;display:flex;gap:8px;align-items:center;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.mockup-editor__layer[aria-pressed=true]{border-color:var(--ed-accent);box-shadow:0 0 0 1px var(--ed-accent)}
.mockup-editor__icon{width:22px;height:22px;border-radius:5px;background:#eef1f5;display:inline-grid;place-items:center;font-weight:700;font-size:12px;flex:none}
.mockup-editor__empty{color:var(--ed-muted)}
.mockup-editor__props{display:grid;gap:10px}
.mockup-editor__field{display:grid;gap:4px;color:var(--ed-muted);font-size:13px}
.mockup-editor__input{font:inherit;font-size:16px;color:var(--ed-ink);min-height:44px;padding:8px 10px;border:1px solid var(--ed-line);border-radius:8px;background:#fff}
.mockup-editor__field input[type=range]{width:100%;height:44px;margin:0;accent-color:var(--ed-ink)}
.mockup-editor__swatches{display:flex;gap:4px;flex-wrap:wrap}
.mockup-editor__swatch{width:44px;height:44px;border:0;border-radius:50%;background:transparent;cursor:pointer;padding:0;display:grid;place-items:center}
.mockup-editor__swatch::before{content:"";width:30px;height:30px;border-radius:50%;border:1px solid rgba(0,0,0,.2);background:var(--swatch);box-sizing:border-box}
.mockup-editor__swatch[aria-checked=true]::before{box-shadow:0 0 0 2px #fff,0 0 0 4px var(--ed-ink)}
.mockup-editor__meter{display:grid;gap:4px;padding:10px 12px;border-radius:10px;background:#f6f7f8;font-size:13px}
.mockup-editor__meter[data-state=none]{display:none}
.mockup-editor__meter-title{font-weight:600}
.mockup-editor__bar{height:6px;border-radius:3px;background:#e3e6ea;overflow:hidden}
.mockup-editor__fill{display:block;height:100%;border-radius:3px;background:var(--ed-good);transition:width .12s}
.mockup-editor__meter[data-state=fair] .mockup-editor__fill{background:var(--ed-fair)}
.mockup-editor__meter[data-state=low] .mockup-editor__fill{background:var(--ed-low)}
.mockup-editor__meter[data-state=good] .mockup-editor__meter-text{color:var(--ed-good)}
.mockup-editor__meter[data-state=fair] .mockup-editor__meter-text{color:var(--ed-fair)}
.mockup-editor__meter[data-state=low] .mockup-editor__meter-text{color:var(--ed-low)}
.mockup-editor__safe{color:var(--ed-muted)}
.mockup-editor__safe[data-editor-safe=out]{color:var(--ed-fair)}
.mockup-editor__status{margin:0;min-height:1.2em;color:var(--ed-muted)}
.mockup-editor__status.is-error{color:var(--ed-low)}
.mockup-editor__sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
