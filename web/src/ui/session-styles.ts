/**
 * Styles of the session view. They live in code, not in gateway.css, so the same rules style the standalone page
 * (a <style> in the document) and the custom element (a <style> in its shadow root).
 */
export const sessionStyles = `
.gw-session { --gw-bg: #0f1115; --gw-panel: #1f242b; --gw-fg: #e7e9ee; --gw-muted: #a3abb8; --gw-accent: #7aa2ff;
  --gw-border: #39414d; --gw-danger: #ff8a80;
  position: relative; width: 100%; height: 100%; min-height: 120px; overflow: hidden; background: var(--gw-bg);
  color: var(--gw-fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; display: flex; flex-direction: column; }
.gw-session *, .gw-session *::before, .gw-session *::after { box-sizing: border-box; }
.gw-session :focus-visible { outline: 3px solid var(--gw-accent); outline-offset: 2px; }
.gw-viewport { position: relative; flex: 1 1 auto; min-height: 0; overflow: hidden; display: flex; }
.gw-session[data-scaling="native"] .gw-viewport { overflow: auto; }
.gw-display-host { position: relative; margin: auto; flex: none; overflow: hidden; }
.gw-display-scaler { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
.gw-input { position: absolute; inset: 0; width: 100%; height: 100%; margin: 0; padding: 0; border: 0; resize: none;
  background: transparent; color: transparent; caret-color: transparent; opacity: 0; overflow: hidden; z-index: 2;
  white-space: pre; cursor: default; user-select: none; -webkit-user-select: none; }
.gw-session[data-remote-cursor="true"] .gw-input { cursor: none; }
.gw-session[data-input-focused="true"] .gw-display-host { outline: 2px solid transparent; }
.gw-menu-button { position: absolute; top: 0; left: 50%; transform: translateX(-50%); z-index: 5; border: 1px solid var(--gw-border);
  border-top: 0; border-radius: 0 0 6px 6px; background: var(--gw-panel); color: var(--gw-fg); padding: 2px 14px; opacity: .55;
  font: inherit; cursor: pointer; }
.gw-menu-button:hover, .gw-menu-button:focus-visible { opacity: 1; }
.gw-osk-host { flex: none; background: var(--gw-panel); border-top: 1px solid var(--gw-border); padding: 4px; overflow-x: auto; }
.gw-osk-host[hidden] { display: none; }
.gw-osk { display: flex; flex-direction: column; gap: 4px; align-items: center; }
.gw-osk-row { display: flex; gap: 4px; }
.gw-osk-key { min-width: 2.4em; padding: 6px 8px; border: 1px solid var(--gw-border); border-radius: 4px; background: var(--gw-bg);
  color: var(--gw-fg); font: inherit; }
.gw-osk-latched { background: var(--gw-accent); color: #000; }
.gw-overlay { position: absolute; inset: 0; z-index: 10; display: flex; align-items: center; justify-content: center;
  background: rgba(8, 10, 14, .72); padding: 16px; }
.gw-overlay[hidden], .gw-menu[hidden], .gw-drop-hint[hidden], .gw-unstable[hidden] { display: none; }
.gw-unstable { position: absolute; top: 28px; left: 50%; transform: translateX(-50%); z-index: 6; background: #5c4400; color: #fff;
  border-radius: 6px; padding: 4px 12px; }
.gw-overlay-box { max-width: 30rem; width: 100%; background: var(--gw-panel); border: 1px solid var(--gw-border); border-radius: 8px;
  padding: 20px; box-shadow: 0 8px 30px rgba(0,0,0,.4); }
.gw-overlay-box h2 { margin: 0 0 8px; font-size: 1.2rem; }
.gw-session[data-state="error"] .gw-overlay-box h2 { color: var(--gw-danger); }
.gw-overlay-box p { margin: 0 0 10px; }
.gw-required .gw-field { display: flex; flex-direction: column; gap: 4px; margin: 8px 0; }
.gw-required input { font: inherit; padding: 6px 8px; border-radius: 4px; border: 1px solid var(--gw-border); background: var(--gw-bg); color: var(--gw-fg); }
.gw-overlay-code { color: var(--gw-muted); font-size: .85em; }
.gw-actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
.gw-session button { font: inherit; padding: 6px 12px; border-radius: 4px; border: 1px solid var(--gw-border); background: var(--gw-bg);
  color: var(--gw-fg); cursor: pointer; }
.gw-session button.gw-primary { background: var(--gw-accent); border-color: var(--gw-accent); color: #000; }
.gw-spinner { width: 28px; height: 28px; border: 3px solid var(--gw-border); border-top-color: var(--gw-accent); border-radius: 50%;
  animation: gw-spin 1s linear infinite; margin-bottom: 10px; }
@media (prefers-reduced-motion: reduce) { .gw-spinner { animation: none; } }
@keyframes gw-spin { to { transform: rotate(360deg); } }
.gw-menu { position: absolute; top: 0; left: 0; bottom: 0; z-index: 20; width: min(24rem, 100%); overflow-y: auto;
  background: var(--gw-panel); border-right: 1px solid var(--gw-border); padding: 16px; box-shadow: 4px 0 24px rgba(0,0,0,.35); }
.gw-menu h2 { margin: 0 0 4px; font-size: 1.15rem; }
.gw-menu h3, .gw-menu legend { margin: 16px 0 6px; font-size: .95rem; padding: 0; }
.gw-menu fieldset { border: 0; margin: 0; padding: 0; }
.gw-menu textarea { width: 100%; min-height: 7rem; font: 13px/1.4 ui-monospace, monospace; background: var(--gw-bg); color: var(--gw-fg);
  border: 1px solid var(--gw-border); border-radius: 4px; padding: 6px; resize: vertical; }
.gw-menu label.gw-choice { display: flex; gap: 6px; align-items: center; margin: 4px 0; }
.gw-hint { color: var(--gw-muted); font-size: .85em; margin: 4px 0; }
.gw-transfers { position: absolute; right: 12px; bottom: 12px; z-index: 8; width: min(22rem, calc(100% - 24px)); margin: 0; padding: 0;
  list-style: none; display: flex; flex-direction: column; gap: 6px; }
.gw-transfer { background: var(--gw-panel); border: 1px solid var(--gw-border); border-radius: 6px; padding: 8px 10px; }
.gw-transfer-head { display: flex; justify-content: space-between; gap: 8px; }
.gw-transfer-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.gw-transfer progress { width: 100%; height: 8px; }
.gw-transfer[data-state="error"] .gw-transfer-detail { color: var(--gw-danger); }
.gw-drop-hint { position: absolute; inset: 12px; z-index: 9; border: 3px dashed var(--gw-accent); border-radius: 10px; display: flex;
  align-items: center; justify-content: center; background: rgba(20, 40, 90, .35); font-size: 1.3rem; pointer-events: none; }
@media (max-width: 600px) { .gw-overlay-box { padding: 14px; } .gw-menu { width: 100%; } }
`;
