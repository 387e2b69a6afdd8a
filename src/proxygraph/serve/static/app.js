// proxygraph's graph page. Text from the store is hostile input (it comes
// from articles): it only ever reaches the page through textContent /
// createTextNode and the canvas, never through HTML parsing, and links are
// made only from http(s) URLs. vis-network (window.vis) comes from the
// pyvis wheel, served at /vendor/vis-network.min.js.

const TYPE_COLOURS = { PERSON: "#d6604d", ORG: "#4393c3", GPE: "#5aae61", LOC: "#b8860b" };
const TYPE_NAMES = { PERSON: "person", ORG: "organisation", GPE: "state or city", LOC: "place" };
const FAMILY_COLOURS = {
  support: "#e6550d", control: "#756bb1", hostile: "#cb181d", designated: "#31a354",
  allied_with: "#3182bd", operates_in: "#969696", succeeded: "#8c6d31",
};
const SYMMETRIC = new Set(["allied_with", "opposes"]);
const SVG_NS = "http://www.w3.org/2000/svg";

const $ = (id) => document.getElementById(id);

const state = {
  summary: null,
  links: [],          // every link loaded, with .id, .visible
  nodeInfo: new Map(), // id -> node from the API
  nodes: null,         // vis.DataSet
  edges: null,         // vis.DataSet
  network: null,
  linkKeys: new Set(),
  anchored: [],        // node ids labelled at any zoom
  selectedNode: null,
  emphasised: new Set(), // the selected node and its neighbours
  panelKey: null,      // what the side panel shows: "entity:REF" or "link:S|P|O"
  panelParams: {},     // the hash parameters that show it
  shownDoc: null,
  panelToken: 0,
  docToken: 0,
  focusNext: null,
  filters: { families: new Set(), yearFrom: null, yearTo: null, undated: true, minSources: 1, hideHedged: false },
};

// what the tests and the benchmark read
const probe = { ready: false, readyAt: null, panelEntity: null, panelAt: null, docAt: null, filterAt: null, errors: [] };
window.proxygraph = probe;

// -- small helpers ---------------------------------------------------------------

// An element with text children only: strings become text nodes, never markup.
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "className") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "href") el.href = v;
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function svg(tag, attrs) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  return el;
}

// Only http(s) URLs become links; anything else (javascript:, data:) stays text.
function safeUrl(u) {
  if (!u) return null;
  try {
    const url = new URL(u);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  }
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  if (!r.ok) {
    let detail = r.statusText;
    try { detail = (await r.json()).detail || detail; } catch { /* not JSON */ }
    throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
  }
  return r.json();
}

const enc = encodeURIComponent;

function status(msg, isError = false) {
  $("status").textContent = msg || "";
  $("status").classList.toggle("error", isError);
  if (msg && isError) probe.errors.push(msg);
}

function year(t) {
  return t ? Number(String(t).slice(0, 4)) : null;
}

function fractionalYear(t) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(t || "");
  if (!m) return null;
  return Number(m[1]) + (m[2] ? (Number(m[2]) - 1) / 12 : 0) + (m[3] ? (Number(m[3]) - 1) / 365 : 0);
}

function plural(n, one, many) {
  return `${n.toLocaleString()} ${n === 1 ? one : many || one + "s"}`;
}

// -- routing: #entity=ID&doc=ID&start=N&end=N -------------------------------------------

// Navigate within the page: the state goes into the URL (so back, forward and
// links work) and is shown at once, without waiting for a hashchange event.
function go(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) p.set(k, v);
  const hash = p.toString() ? "#" + p.toString() : "";
  if (hash !== location.hash) history.pushState(null, "", hash || location.pathname + location.search);
  route();
}

function route() {
  const p = new URLSearchParams(location.hash.slice(1));
  const entity = p.get("entity");
  const link = p.get("from") && p.get("predicate") && p.get("to")
    ? { from: p.get("from"), predicate: p.get("predicate"), to: p.get("to") } : null;
  const doc = p.get("doc");
  const key = entity ? `entity:${entity}` : link ? `link:${link.from}|${link.predicate}|${link.to}` : null;
  if (key !== state.panelKey || state.focusNext) {
    state.panelParams = entity ? { entity } : link || {};
    if (entity) showEntity(entity);
    else if (link) showLink(link);
    else hidePanel();
  }
  const docKey = doc ? `${doc}|${p.get("start")}|${p.get("end")}` : null;
  if (docKey !== state.docKey) {
    state.docKey = docKey;
    if (doc) showDocument(doc, Number(p.get("start")), Number(p.get("end")));
    else hideDocument();
  }
}

// -- the graph ---------------------------------------------------------------------

// the server sends each node's radius (layout.node_radius); this is for nodes it did not place
function nodeSize(degree) {
  return Math.min(34, 6 + 2.2 * Math.sqrt(degree));
}

// Labels: the ANCHORED best-connected nodes and the selected one keep a
// readable label at any zoom (their font grows as the view zooms out); the
// next ones up to LABELLED show at overview zoom, the selection's neighbours
// a little closer, the rest once zoomed in (drawThreshold).
const ANCHORED = 12;
const LABELLED = 30;
const SCREEN_PX = { anchored: 13, selected: 15, neighbour: 13 };

function fontSize(rank) {
  return rank < LABELLED ? 20 - (6 * rank) / LABELLED : 10;
}

function labelSize(id, scale) {
  const rank = state.nodeInfo.get(id)?.rank ?? Infinity;
  let size = fontSize(rank);
  if (rank < ANCHORED) size = Math.max(size, SCREEN_PX.anchored / scale);
  if (id === state.selectedNode) size = Math.max(size, SCREEN_PX.selected / scale);
  else if (state.emphasised.has(id)) size = Math.max(size, SCREEN_PX.neighbour);
  return Math.round(size * 10) / 10;
}

// Give these nodes (default: the ones whose size follows the zoom) their label size now.
function refreshLabels(ids) {
  if (!state.network) return;
  const scale = state.network.getScale();
  const todo = ids || [...state.anchored, ...(state.selectedNode ? [state.selectedNode] : [])];
  const updates = [];
  for (const id of new Set(todo)) {
    const node = state.nodes.get(id);
    if (!node) continue;
    const size = labelSize(id, scale);
    if (!node.font || node.font.size !== size) updates.push({ id, font: { size } });
  }
  if (updates.length) state.nodes.update(updates);
}

function visNode(n, rank = n.rank ?? Infinity) {
  const colour = TYPE_COLOURS[n.type] || "#888";
  return {
    id: n.id, label: n.name, x: n.x, y: n.y, size: n.size || nodeSize(n.degree),
    color: { background: colour, border: "#ffffff", highlight: { background: colour, border: "#111111" } },
    font: { size: fontSize(rank) },
  };
}

function visEdge(e) {
  const colour = FAMILY_COLOURS[e.family] || "#999";
  return {
    id: e.id, from: e.source, to: e.target,
    width: Math.min(8, 1 + 1.6 * Math.log2(Math.max(1, e.n_docs))),
    dashes: e.hedged ? [6, 5] : false,
    color: { color: colour, highlight: colour, opacity: 0.8 },
    arrows: SYMMETRIC.has(e.predicate) ? "" : { to: { enabled: true, scaleFactor: 0.45 } },
    hidden: !e.visible,
  };
}

function addLinks(links) {
  const fresh = [];
  for (const e of links) {
    const key = `${e.source}\u0000${e.predicate}\u0000${e.target}`;
    if (state.linkKeys.has(key)) continue;
    state.linkKeys.add(key);
    e.id = state.links.length;
    e.visible = linkVisible(e);
    state.links.push(e);
    fresh.push(e);
  }
  return fresh;
}

function buildGraph(data) {
  for (const n of data.nodes) state.nodeInfo.set(n.id, n);
  addLinks(data.edges);
  // the API lists nodes most connected first
  data.nodes.forEach((n, rank) => { n.rank = rank; });
  state.anchored = data.nodes.slice(0, ANCHORED).map((n) => n.id);
  state.nodes = new vis.DataSet(data.nodes.map((n) => visNode(n, n.rank)));
  state.edges = new vis.DataSet(state.links.map(visEdge));
  const big = state.links.length > 2500;
  const options = {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false },
    interaction: {
      hover: false, tooltipDelay: 3600000, keyboard: false, multiselect: false,
      hideEdgesOnDrag: big, hideEdgesOnZoom: big, zoomSpeed: 0.7,
    },
    nodes: {
      shape: "dot", borderWidth: 1.5, borderWidthSelected: 3,
      font: { face: "system-ui, -apple-system, Segoe UI, sans-serif", color: "#1c2530", strokeWidth: 3, strokeColor: "rgba(255,255,255,0.9)" },
      scaling: { label: { drawThreshold: 12 } },
    },
    edges: { smooth: false, selectionWidth: 2, arrowStrikethrough: false },
  };
  const net = new vis.Network($("graph"), { nodes: state.nodes, edges: state.edges }, options);
  state.network = net;
  net.on("click", (p) => {
    probe.clickAt = performance.now();
    if (p.nodes.length) {
      go({ entity: p.nodes[0] });
    } else if (p.edges.length) {
      const e = state.links[p.edges[0]];
      if (e) go({ from: e.source, predicate: e.predicate, to: e.target });
    }
  });
  net.on("doubleClick", (p) => {
    if (p.nodes.length) net.focus(p.nodes[0], { scale: Math.max(net.getScale(), 1.2), animation: { duration: 300 } });
  });
  net.once("afterDrawing", () => {
    probe.ready = true;
    probe.readyAt = performance.now();
    refreshLabels();
  });
  net.on("zoom", () => refreshLabels());
  probe.drawTimes = [];
  net.on("beforeDrawing", () => {
    probe.drawStart = performance.now();
  });
  net.on("afterDrawing", () => {
    probe.drawnAt = performance.now();
    probe.drawTimes.push(probe.drawnAt - probe.drawStart);
    if (probe.drawTimes.length > 500) probe.drawTimes.shift();
  });
  applyFilters();
}

function linkVisible(e) {
  const f = state.filters;
  if (!f.families.has(e.family)) return false;
  if (e.n_docs < f.minSources) return false;
  if (f.hideHedged && e.hedged) return false;
  if (f.yearFrom !== null || f.yearTo !== null) {
    if (!e.first_time) return f.undated;
    const first = year(e.first_time);
    const last = year(e.last_time || e.first_time);
    if (f.yearFrom !== null && last < f.yearFrom) return false;
    if (f.yearTo !== null && first > f.yearTo) return false;
  }
  return true;
}

function applyFilters() {
  if (!state.network) return;
  const edgeUpdates = [];
  const live = new Set();
  let shown = 0;
  for (const e of state.links) {
    const v = linkVisible(e);
    if (v !== e.visible) {
      e.visible = v;
      edgeUpdates.push({ id: e.id, hidden: !v });
    }
    if (v) {
      live.add(e.source);
      live.add(e.target);
      shown++;
    }
  }
  const selected = state.network.getSelectedNodes();
  for (const id of selected) live.add(id);
  const nodeUpdates = [];
  state.nodes.forEach((n) => {
    const hidden = !live.has(n.id);
    if (Boolean(n.hidden) !== hidden) nodeUpdates.push({ id: n.id, hidden });
  });
  if (edgeUpdates.length) state.edges.update(edgeUpdates);
  if (nodeUpdates.length) state.nodes.update(nodeUpdates);
  const s = state.summary;
  $("stats").textContent = `${plural(live.size, "entity", "entities")} · ${plural(shown, "link")} shown`
    + (s ? ` · ${plural(s.documents, "document")} · ${plural(s.claims, "claim")}` : "")
    + (state.truncated ? " · strongest links only" : "");
  probe.filterAt = performance.now();
}

// Bring an entity that is not drawn yet (filtered out of the overview, or
// beyond its cap) into the graph with its neighbourhood, placed around it.
async function ensureNode(id) {
  if (state.nodes.get(id)) return;
  const ego = await api(`/api/entities/${enc(id)}/ego`, { depth: 1, limit: 300 });
  if (!ego.edges.length) return; // only denied links: nothing to draw
  const known = ego.nodes.map((n) => state.nodes.get(n.id)).filter(Boolean);
  const cx = known.length ? known.reduce((a, n) => a + n.x, 0) / known.length : 0;
  const cy = known.length ? known.reduce((a, n) => a + n.y, 0) / known.length : 0;
  const fresh = ego.nodes.filter((n) => !state.nodes.get(n.id));
  const degree = new Map();
  for (const e of ego.edges) {
    degree.set(e.source, (degree.get(e.source) || 0) + 1);
    degree.set(e.target, (degree.get(e.target) || 0) + 1);
  }
  const add = fresh.map((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, fresh.length);
    const r = n.id === ego.center.id ? 0 : 160 + 6 * fresh.length;
    const node = { ...n, x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle), degree: degree.get(n.id) || 0 };
    state.nodeInfo.set(n.id, node);
    return visNode(node);
  });
  state.nodes.add(add);
  state.edges.add(addLinks(ego.edges).map(visEdge));
  applyFilters();
}

// The selected entity and its neighbours get readable labels; the previous
// ones go back to their normal size.
function emphasise(id) {
  const before = [...state.emphasised];
  state.selectedNode = id;
  state.emphasised = new Set(id ? [id, ...state.network.getConnectedNodes(id)] : []);
  refreshLabels([...before, ...state.emphasised]);
}

// Centre a node in the part of the graph the side panel leaves visible.
function focusNode(id) {
  const panel = $("panel");
  const covered = panel.hidden ? 0 : panel.getBoundingClientRect().width;
  const width = $("graph").getBoundingClientRect().width;
  const offsetX = covered && covered < width ? -covered / 2 : 0;
  state.network.focus(id, { scale: 0.95, offset: { x: offsetX, y: 0 }, animation: false });
  refreshLabels();
}

function nodeDOMPosition(id) {
  const net = state.network;
  const pos = net.getPositions([id])[id];
  if (!pos) return null;
  const p = net.canvasToDOM(pos);
  const box = $("graph").getBoundingClientRect();
  return { x: box.left + p.x, y: box.top + p.y };
}
probe.nodeDOMPosition = nodeDOMPosition;
probe.focus = (id) => focusNode(id);
// the strongest link whose middle is free to click: centres the view on it and
// returns where it is on screen
probe.clickableLink = () => {
  const net = state.network;
  const box = $("graph").getBoundingClientRect();
  for (const e of state.links.slice(0, 200)) {
    if (!e.visible) continue;
    const pos = net.getPositions([e.source, e.target]);
    const mid = { x: (pos[e.source].x + pos[e.target].x) / 2, y: (pos[e.source].y + pos[e.target].y) / 2 };
    net.moveTo({ position: mid, scale: 1.5, animation: false });
    const p = net.canvasToDOM(mid);
    if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === e.id) {
      return { x: box.left + p.x, y: box.top + p.y, source: e.source, predicate: e.predicate, target: e.target };
    }
  }
  return null;
};
probe.scale = () => state.network.getScale();
probe.fit = () => {
  state.network.fit({ animation: false });
  refreshLabels();
};
probe.visibleLinks = () => state.links.filter((e) => e.visible).length;
// milliseconds each of n synchronous full redraws takes (for bench/web_graph.py)
probe.redrawTimes = (n) => {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    state.network.redraw();
    times.push(performance.now() - t);
  }
  return times;
};

// -- filters UI ----------------------------------------------------------------------

function buildFilters(summary, data) {
  const counts = {};
  for (const e of data.edges) counts[e.family] = (counts[e.family] || 0) + 1;
  const box = $("family-filters");
  for (const fam of Object.keys(summary.families)) {
    state.filters.families.add(fam);
    const input = h("input", { type: "checkbox", value: fam, checked: "" });
    input.checked = true;
    input.addEventListener("change", () => {
      if (input.checked) state.filters.families.add(fam);
      else state.filters.families.delete(fam);
      applyFilters();
    });
    const swatch = h("span", { className: "swatch line" });
    swatch.style.background = FAMILY_COLOURS[fam] || "#999";
    const members = summary.families[fam].join(", ");
    box.appendChild(h("label", { className: "check", title: members }, input, swatch,
      fam.replace("_", " "), h("span", { className: "count" }, String(counts[fam] || 0))));
  }
  const years = data.edges.flatMap((e) => [year(e.first_time), year(e.last_time)]).filter((y) => y);
  if (years.length) {
    $("year-from").placeholder = String(Math.min(...years));
    $("year-to").placeholder = String(Math.max(...years));
  }
  const readYear = (el) => (el.value.trim() === "" || Number.isNaN(Number(el.value)) ? null : Math.trunc(Number(el.value)));
  const onYears = () => {
    state.filters.yearFrom = readYear($("year-from"));
    state.filters.yearTo = readYear($("year-to"));
    state.filters.undated = $("undated").checked;
    applyFilters();
  };
  for (const id of ["year-from", "year-to", "undated"]) $(id).addEventListener("change", onYears);
  let typing = null;
  for (const id of ["year-from", "year-to"]) {
    $(id).addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(onYears, 250);
    });
  }
  $("years-reset").addEventListener("click", () => {
    $("year-from").value = "";
    $("year-to").value = "";
    onYears();
  });
  $("min-sources").addEventListener("change", (ev) => {
    state.filters.minSources = Number(ev.target.value) || 1;
    applyFilters();
  });
  $("hide-hedged").addEventListener("change", (ev) => {
    state.filters.hideHedged = ev.target.checked;
    applyFilters();
  });
  const legend = $("type-legend");
  for (const [type, colour] of Object.entries(TYPE_COLOURS)) {
    const dot = h("span", { className: "swatch dot" });
    dot.style.background = colour;
    const n = summary.entities_by_type[type] || 0;
    legend.appendChild(h("li", {}, dot, `${TYPE_NAMES[type]} `, h("span", { className: "count" }, String(n))));
  }
}

// -- search ---------------------------------------------------------------------------

function setupSearch() {
  const input = $("search");
  const list = $("search-results");
  let items = [];
  let active = -1;
  let timer = null;
  let seq = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    active = -1;
  };
  const choose = (item) => {
    close();
    input.value = item.name;
    state.focusNext = item.id;
    go({ entity: item.id });
  };
  const render = () => {
    list.replaceChildren(...items.map((it, i) => {
      const dot = h("span", { className: "swatch dot" });
      dot.style.background = TYPE_COLOURS[it.type] || "#888";
      const li = h("li", { role: "option", id: `result-${i}`, className: i === active ? "active" : "", "aria-selected": String(i === active) },
        dot, h("span", { className: "name" }, it.name),
        h("span", { className: "count" }, plural(it.n_claims, "claim")));
      li.addEventListener("mousedown", (ev) => {
        ev.preventDefault();
        choose(it);
      });
      return li;
    }));
    if (!items.length) list.replaceChildren(h("li", { className: "empty" }, "No entity by that name"));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };
  const lookup = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) {
      items = [];
      close();
      return;
    }
    try {
      const page = await api("/api/entities", { q, limit: 12 });
      if (mine !== seq) return;
      items = page.items;
      active = items.length ? 0 : -1;
      render();
    } catch (err) {
      status(err.message, true);
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, 120);
  });
  input.addEventListener("keydown", async (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!items.length) return;
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      render();
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      clearTimeout(timer);
      if (list.hidden || !items.length) await lookup();
      if (items.length) choose(items[Math.max(0, active)]);
    } else if (ev.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

// -- the entity panel ---------------------------------------------------------------------

function hidePanel() {
  state.panelKey = null;
  state.panelToken++;
  $("panel").hidden = true;
  if (state.network) {
    state.network.unselectAll();
    emphasise(null);
  }
  probe.panelEntity = null;
  probe.panelLink = null;
}

async function showEntity(ref) {
  state.panelKey = `entity:${ref}`;
  const token = ++state.panelToken;
  const focus = state.focusNext;
  state.focusNext = null;
  const panel = $("panel");
  panel.hidden = false;
  const body = $("panel-body");
  body.replaceChildren(h("p", { className: "loading" }, "Loading…"));
  try {
    const [detail, timeline] = await Promise.all([
      api(`/api/entities/${enc(ref)}`),
      api(`/api/entities/${enc(ref)}/timeline`),
    ]);
    if (token !== state.panelToken) return;
    const hasClaims = Object.keys(detail.claims).length > 0;
    if (hasClaims) await ensureNode(detail.id);
    if (token !== state.panelToken) return;
    if (state.nodes.get(detail.id)) {
      state.network.selectNodes([detail.id]);
      emphasise(detail.id);
      if (focus) focusNode(detail.id);
    } else {
      state.network.unselectAll();
      emphasise(null);
    }
    renderPanel(body, detail, timeline);
    probe.panelEntity = detail.id;
    probe.panelAt = performance.now();
  } catch (err) {
    if (token !== state.panelToken) return;
    body.replaceChildren(h("p", { className: "error" }, err.message));
  }
}

// The claims behind one link of the graph, with their evidence.
async function showLink(link) {
  state.panelKey = `link:${link.from}|${link.predicate}|${link.to}`;
  const token = ++state.panelToken;
  state.focusNext = null;
  $("panel").hidden = false;
  const body = $("panel-body");
  body.replaceChildren(h("p", { className: "loading" }, "Loading…"));
  try {
    const page = await api("/api/claims", { subject: link.from, predicate: link.predicate, object: link.to, limit: 500 });
    if (token !== state.panelToken) return;
    emphasise(null);
    if (state.nodes.get(link.from) && state.nodes.get(link.to)) state.network.selectNodes([link.from, link.to], false);
    const first = page.items[0];
    const who = (ref, id) => h("button", { type: "button", className: "entity-link", onclick: () => { state.focusNext = id; go({ entity: id }); } }, ref);
    const swatch = h("span", { className: "swatch line" });
    swatch.style.background = FAMILY_COLOURS[first ? first.family : ""] || "#999";
    const docs = new Set(page.items.filter((c) => !c.negated).map((c) => c.document.id)).size;
    body.replaceChildren(
      h("header", { className: "entity-head" },
        h("h2", { id: "link-title" }, first ? who(first.subject.name, link.from) : link.from, " ",
          h("span", { className: "dir" }, swatch, ` ${link.predicate.replace("_", " ")} → `), " ",
          first ? who(first.object.name, link.to) : link.to),
        h("p", { className: "sub" }, `${plural(page.items.length, "claim")} · asserted by ${plural(docs, "document")}`)),
      page.items.length
        ? h("section", { className: "claims" }, h("ul", {}, page.items.map((c) => claimItem({ ...c, direction: "out" }, link))))
        : h("p", { className: "muted" }, "No claims for this link."));
    body.scrollTop = 0;
    probe.panelEntity = null;
    probe.panelLink = state.panelKey;
    probe.panelAt = performance.now();
  } catch (err) {
    if (token !== state.panelToken) return;
    body.replaceChildren(h("p", { className: "error" }, err.message));
  }
}

function badge(text, cls) {
  return h("span", { className: `badge ${cls || ""}` }, text);
}

function typeBadge(type) {
  const b = badge(TYPE_NAMES[type] || type, "type");
  b.style.background = TYPE_COLOURS[type] || "#888";
  return b;
}

function renderPanel(body, d, timeline) {
  const qidUrl = d.qid && /^Q\d+$/.test(d.qid) ? `https://www.wikidata.org/wiki/${d.qid}` : null;
  const nClaims = Object.values(d.claims).reduce((a, l) => a + l.length, 0);
  const head = h("header", { className: "entity-head" },
    h("h2", { id: "entity-name" }, d.name),
    h("p", { className: "sub" }, typeBadge(d.type), " ",
      qidUrl ? h("a", { href: qidUrl, target: "_blank", rel: "noopener noreferrer" }, d.qid) : badge("no QID", "muted"),
      ` · ${plural(nClaims, "claim")} · in ${plural(d.n_documents, "document")}`),
    h("button", { type: "button", className: "link-button", onclick: () => probe.focus(d.id) }, "Show in graph"));

  const bySource = new Map();
  for (const a of d.aliases) {
    if (!bySource.has(a.source)) bySource.set(a.source, []);
    bySource.get(a.source).push(a.alias);
  }
  const aliases = h("details", { className: "aliases" },
    h("summary", {}, `Aliases (${d.aliases.length})`),
    h("dl", {}, [...bySource].map(([src, names]) => [h("dt", {}, src), h("dd", {}, names.join(" · "))])));

  const tl = h("section", { className: "timeline" }, h("h3", {}, "Timeline"),
    timeline.length ? renderTimeline(timeline) : h("p", { className: "muted" }, "No dated claims."));

  const order = Object.keys(FAMILY_COLOURS);
  const preds = Object.keys(d.claims).sort((a, b) => {
    const fa = order.indexOf(d.claims[a][0].family);
    const fb = order.indexOf(d.claims[b][0].family);
    return fa - fb || a.localeCompare(b);
  });
  const sections = preds.map((pred) => {
    const list = d.claims[pred];
    const swatch = h("span", { className: "swatch line" });
    swatch.style.background = FAMILY_COLOURS[list[0].family] || "#999";
    return h("section", { className: "claims" },
      h("h3", {}, swatch, pred.replace("_", " "), h("span", { className: "count" }, String(list.length))),
      h("ul", {}, list.map((c) => claimItem(c, { entity: d.id }))));
  });
  body.replaceChildren(head, aliases, tl,
    sections.length ? h("div", { id: "claims" }, sections) : h("p", { className: "muted" }, "No claims about this entity."));
  body.scrollTop = 0;
}

// One claim: the other entity, its flags, the evidence sentence and a link to
// the document at that sentence (`back` keeps the panel open behind it).
function claimItem(c, back) {
  const out = c.direction !== "in";
  const other = out ? c.object : c.subject;
  const otherButton = h("button", { type: "button", className: "entity-link", onclick: () => { state.focusNext = other.id; go({ entity: other.id }); } }, other.name);
  const flags = [];
  if (c.negated) flags.push(badge("denied", "denied"));
  if (c.hedged) flags.push(badge("hedged", "hedged"));
  if (c.time) flags.push(badge(c.time, "time"));
  if (c.attributed_to) flags.push(badge(`per ${c.attributed_to.name || c.attributed_to.id}`, "per"));
  if (c.quantity) flags.push(badge(c.quantity, "qty"));
  flags.push(badge(plural(c.n_docs, "source"), "sources"));
  const doc = c.document;
  const link = "#" + new URLSearchParams({ ...back, doc: doc.id, start: c.start, end: c.end }).toString();
  return h("li", { className: "claim", id: `claim-${c.id}`, dataset: { claim: c.id } },
    h("div", { className: "claim-head" },
      out ? h("span", { className: "dir" }, `${c.predicate.replace("_", " ")} →`) : h("span", { className: "dir" }, "←"),
      " ", otherButton, " ",
      out ? null : h("span", { className: "dir" }, c.predicate.replace("_", " ")),
      h("span", { className: "flags" }, flags)),
    h("blockquote", { className: "evidence" }, c.evidence.trim()),
    h("a", { className: "source", href: link, title: "Open the document at this sentence" },
      doc.title || doc.id, doc.date ? ` · ${doc.date}` : "", doc.publisher ? ` · ${doc.publisher}` : ""));
}

function renderTimeline(items) {
  const W = 380, pad = 18, lane = 13, top = 10;
  const spans = items.map((c) => {
    const a = fractionalYear(c.time_start);
    const b = fractionalYear(c.time_end) ?? a;
    return { c, a, b: Math.max(a, b) };
  }).filter((s) => s.a !== null);
  let lo = Math.floor(Math.min(...spans.map((s) => s.a)));
  let hi = Math.ceil(Math.max(...spans.map((s) => s.b)) + 0.01);
  if (hi - lo < 4) { lo -= 2; hi += 2; }
  const x = (v) => pad + ((v - lo) / (hi - lo)) * (W - 2 * pad);
  const lanes = [];
  for (const s of spans) {
    const x0 = x(s.a) - 6, x1 = x(s.b) + 6;
    let i = lanes.findIndex((end) => end < x0);
    if (i === -1) { i = lanes.length; lanes.push(0); }
    lanes[i] = x1;
    s.lane = i;
  }
  const H = top + Math.max(1, lanes.length) * lane + 26;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": "Dated claims on a time axis" });
  const axisY = H - 20;
  root.appendChild(svg("line", { x1: pad, x2: W - pad, y1: axisY, y2: axisY, class: "axis" }));
  const span = hi - lo;
  const step = [1, 2, 5, 10, 20, 25, 50, 100].find((s) => span / s <= 7) || 200;
  for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) {
    root.appendChild(svg("line", { x1: x(t), x2: x(t), y1: axisY, y2: axisY + 4, class: "axis" }));
    const label = svg("text", { x: x(t), y: axisY + 15, class: "tick", "text-anchor": "middle" });
    label.textContent = String(t);
    root.appendChild(label);
  }
  for (const s of spans) {
    const colour = FAMILY_COLOURS[s.c.family] || "#999";
    const y = top + s.lane * lane + 5;
    const g = svg("g", { class: "tl-item", tabindex: "0" });
    const title = svg("title");
    title.textContent = `${s.c.time}: ${s.c.subject.name} ${s.c.predicate} ${s.c.object.name}${s.c.hedged ? " (hedged)" : ""}`;
    g.appendChild(title);
    if (s.b > s.a) g.appendChild(svg("line", { x1: x(s.a), x2: x(s.b), y1: y, y2: y, stroke: colour, "stroke-width": 3 }));
    g.appendChild(svg("circle", { cx: x(s.a), cy: y, r: 4.5, fill: s.c.hedged ? "#fff" : colour, stroke: colour, "stroke-width": 1.5 }));
    const pick = () => {
      const li = document.getElementById(`claim-${s.c.id}`);
      if (!li) return;
      li.scrollIntoView({ block: "center" });
      li.classList.remove("flash");
      void li.offsetWidth;
      li.classList.add("flash");
    };
    g.addEventListener("click", pick);
    g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") pick(); });
    root.appendChild(g);
  }
  return root;
}

// -- the document view -------------------------------------------------------------------

function hideDocument() {
  state.shownDoc = null;
  state.docToken++;
  $("doc-view").hidden = true;
}

async function showDocument(docId, start, end) {
  const token = ++state.docToken;
  const view = $("doc-view");
  view.hidden = false;
  const target = Number.isInteger(start) && Number.isInteger(end) && end > start ? { start, end } : null;
  try {
    if (!state.shownDoc || state.shownDoc.id !== docId) {
      $("doc-title").textContent = "Loading…";
      $("doc-meta").replaceChildren();
      $("doc-text").replaceChildren();
      const d = await api(`/api/documents/${enc(docId)}`);
      if (token !== state.docToken) return;
      state.shownDoc = d;
    }
    renderDocument(state.shownDoc, target);
    probe.docAt = performance.now();
  } catch (err) {
    if (token !== state.docToken) return;
    $("doc-title").textContent = "Document not available";
    $("doc-text").replaceChildren(h("p", { className: "error" }, err.message));
  }
}

function renderDocument(d, target) {
  $("doc-title").textContent = d.title || d.id;
  const url = safeUrl(d.url);
  $("doc-meta").replaceChildren(...[
    d.date, d.publisher,
    url ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url) : d.url,
    plural(d.claims.length, "claim"),
  ].filter(Boolean).flatMap((x, i) => (i ? [" · ", x] : [x])));

  const text = d.text;
  const marks = [];
  for (const s of d.claim_spans) marks.push({ start: s.start, end: s.end, kind: "claim" });
  for (const m of d.mentions) marks.push({ start: m.start, end: m.end, kind: "mention", m });
  if (target) marks.push({ ...target, kind: "target" });
  const clamp = (v) => Math.max(0, Math.min(text.length, v));
  const points = new Set([0, text.length]);
  for (const m of marks) {
    m.start = clamp(m.start);
    m.end = clamp(m.end);
    points.add(m.start);
    points.add(m.end);
  }
  const cuts = [...points].sort((a, b) => a - b);
  const byStart = [...marks].sort((a, b) => a.start - b.start);
  const active = [];
  let next = 0;
  let first = null;
  const out = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], b = cuts[i + 1];
    while (next < byStart.length && byStart[next].start <= a) active.push(byStart[next++]);
    for (let j = active.length - 1; j >= 0; j--) if (active[j].end <= a) active.splice(j, 1);
    let node = document.createTextNode(text.slice(a, b));
    const mention = active.find((m) => m.kind === "mention");
    if (mention) {
      const span = h("span", { className: `mention t-${mention.m.type}`, title: `${mention.m.name} (${mention.m.type})` });
      span.appendChild(node);
      span.addEventListener("click", () => { state.focusNext = mention.m.entity_id; go({ entity: mention.m.entity_id }); });
      node = span;
    }
    const isTarget = active.some((m) => m.kind === "target");
    if (isTarget || active.some((m) => m.kind === "claim")) {
      const mark = h("mark", { className: isTarget ? "target" : "claim" });
      mark.appendChild(node);
      node = mark;
      if (isTarget && !first) first = mark;
    }
    out.push(node);
  }
  const box = $("doc-text");
  box.replaceChildren(...out);
  if (first) {
    first.id = "doc-target";
    first.scrollIntoView({ block: "center" });
  } else {
    box.scrollTop = 0;
  }
}

// -- start -----------------------------------------------------------------------------------

async function init() {
  setupSearch();
  $("panel-close").addEventListener("click", () => go({}));
  $("doc-close").addEventListener("click", () => go(state.panelParams));
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && !$("doc-view").hidden) $("doc-close").click();
  });
  window.addEventListener("hashchange", route);
  window.addEventListener("popstate", route);
  if (typeof vis === "undefined") {
    status("The graph library did not load (vis-network from the pyvis package); reinstall with pip install 'proxygraph[serve]'.", true);
    return;
  }
  try {
    status("Loading the graph…");
    const [summary, data] = await Promise.all([api("/api/summary"), api("/api/graph")]);
    probe.dataAt = performance.now();
    state.summary = summary;
    state.truncated = data.truncated;
    buildFilters(summary, data);
    buildGraph(data);
    status(data.nodes.length ? "" : "The store has no links yet: ingest some documents first.");
    route();
  } catch (err) {
    status(`Could not load the graph: ${err.message}`, true);
  }
}

init();
