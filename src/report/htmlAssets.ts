/** The trace viewer's style: system fonts only, so the page needs nothing from the network. */
export const VIEWER_STYLE = `
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1d1d1f; background: #fafafa; }
header { padding: 0.5em 1em; border-bottom: 1px solid #ccc; background: #fff; }
header h1 { font-size: 1.2em; margin: 0.2em 0; }
header p { margin: 0.1em 0; }
.verdict { color: #b00020; }
code, pre, .state, #steps { font-family: ui-monospace, monospace; font-size: 13px; }
main { display: grid; grid-template-columns: minmax(18em, 40%) 1fr; height: calc(100vh - 9em); }
#steps { margin: 0; padding: 0.5em 0.5em 0.5em 0; overflow: auto; list-style: none; border-right: 1px solid #ccc; }
.entry { padding: 0.25em 0.75em; cursor: pointer; border-left: 4px solid transparent; white-space: pre-wrap; }
.entry:hover { background: #eef; }
.entry.selected { background: #dde6ff; border-left-color: #2848c8; }
.entry.violation, .entry.error { color: #b00020; font-weight: bold; }
#panels { overflow: auto; padding: 0 1em 1em; }
.panel h2 { font-size: 1.05em; margin: 0.6em 0; }
.panel h3 { font-size: 0.95em; margin: 0.8em 0 0.2em; color: #555; }
.changes { margin: 0; padding-left: 1.2em; }
.field { white-space: pre-wrap; }
.field.changed { background: #ffe9a8; font-weight: bold; }
.field.inside > .key { text-decoration: underline dotted; }
.key { color: #2848c8; }
.kernel { color: #555; font-style: italic; }
.detail { font-weight: bold; color: #b00020; }
.quiet { color: #777; }
pre { white-space: pre-wrap; background: #f0f0f0; padding: 0.5em; }
`;

/**
 * Step selection: click, arrow keys or j/k, Home/End; `#step=N` in the address opens step N and
 * follows the selection, so a step can be linked to.
 */
export const VIEWER_SCRIPT = `
(function () {
  var entries = Array.prototype.slice.call(document.querySelectorAll('.entry'));
  var panels = Array.prototype.slice.call(document.querySelectorAll('.panel'));
  var current = 0;
  function select(i) {
    current = Math.max(0, Math.min(entries.length - 1, i));
    entries.forEach(function (e, j) { e.classList.toggle('selected', j === current); });
    panels.forEach(function (p, j) { p.hidden = j !== current; });
    entries[current].scrollIntoView({ block: 'nearest' });
    document.body.setAttribute('data-step', String(current));
    try { history.replaceState(null, '', '#step=' + current); } catch (e) { /* a sandboxed page keeps its address */ }
  }
  entries.forEach(function (e, j) { e.addEventListener('click', function () { select(j); }); });
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var moves = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 };
    if (event.key in moves) select(current + moves[event.key]);
    else if (event.key === 'Home') select(0);
    else if (event.key === 'End') select(entries.length - 1);
    else return;
    event.preventDefault();
  });
  var asked = /step=(\\d+)/.exec(location.hash);
  select(asked ? Number(asked[1]) : 0);
})();
`;
