// The analyst page: find an account or a suspect by handle, draw the network around it with
// Cytoscape.js, filter what is drawn, export it; and a second view charting the statistics.
// Everything goes through /graphql with the token the analyst gives, held in sessionStorage
// (this tab only, never in the address), so the API's scoping applies exactly as it does to
// any client: a force officer sees their force's part of the network, and their force's
// counts, and nothing more. Reads about suspects need a stated justification
// (X-Hub-Justification), which the API logs with every consultation: the analyst writes it
// above the search, and it goes with each request. The page sends no GraphQL text: its
// documents are the hub's trusted documents (docs/documents/analyst-*.graphql), sent by id.
"use strict";

const TOKEN_KEY = "hub.analyst.token";
const COLOURS = {ACCOUNT: "#457b9d", SUSPECT: "#e63946", CASE: "#2a9d8f",
                 PLATFORM: "#8d99ae", VICTIM: "#f4a261"};
// Louvain communities, numbered from the largest: ten colours, then round again.
const COMMUNITY_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
                           "#a6761d", "#666666", "#1f78b4", "#b15928"];
const $ = (id) => document.getElementById(id);
let chosen = null;  // the global id of the account or suspect drawn
let drawn = null;  // the network drawn, as the API gave it
let documents = null;  // the page's trusted documents: operation name to document id

async function documentId(operation) {
  if (!documents) {
    const response = await fetch("/analyst/documents.json");
    documents = response.ok ? await response.json() : {};
  }
  if (!documents[operation]) throw new Error(`This hub has not registered ${operation}.`);
  return documents[operation];
}

async function graphql(operation, variables) {
  const headers = {"Content-Type": "application/json", "Accept": "application/json",
                   "Authorization": `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ""}`};
  const justification = $("justification").value.trim();
  if (justification) headers["X-Hub-Justification"] = justification;
  const response = await fetch("/graphql", {
    method: "POST", headers,
    body: JSON.stringify({documentId: await documentId(operation), variables}),
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) {
    forgetToken();
    throw new Error("The token was refused: give another.");
  }
  if (body.errors && body.errors.length) {
    throw new Error(body.errors.map((e) => e.message).join("; "));
  }
  if (!response.ok) throw new Error(`The hub answered ${response.status}.`);
  return body.data;
}

function say(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", isError);
}

function showSignedIn() {
  const held = Boolean(sessionStorage.getItem(TOKEN_KEY));
  $("token-form").hidden = held;
  $("signed-in").hidden = !held;
  $("search").disabled = !held;
}

function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
  showSignedIn();
}

const day = (at) => (at ? at.slice(0, 10) : "—");

function showDetails(title, rows) {
  const panel = $("details");
  panel.replaceChildren();
  const heading = document.createElement("h2");
  heading.textContent = title;
  const list = document.createElement("dl");
  for (const [name, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    const term = document.createElement("dt");
    term.textContent = name;
    const text = document.createElement("dd");
    text.textContent = String(value);
    list.append(term, text);
  }
  panel.append(heading, list);
}

function nodeDetails(node) {
  showDetails(node.label, [
    ["Kind", node.kind], ["Platform", node.platform], ["First seen", day(node.firstSeen)],
    ["Last seen", day(node.lastSeen)], ["Degree", node.degree],
    ["PageRank", node.pagerank.toFixed(3)], ["Betweenness", node.betweenness.toFixed(3)],
    ["Community", node.community], ["Id", node.id]]);
}

function edgeDetails(edge, labels) {
  showDetails(edge.kind, [
    ["From", labels.get(edge.source)], ["To", labels.get(edge.target)],
    ["Score", edge.score.toFixed(2)],
    ["Probability", edge.probability === null ? null : edge.probability.toFixed(2)],
    ["First seen", day(edge.firstSeen)], ["Last seen", day(edge.lastSeen)],
    ["Evidence", edge.evidence.map((e) => e.description).join("; ")]]);
}

// Nodes are sized by the centrality chosen, relative to the most central node drawn.
function sizes(network, measure) {
  const most = Math.max(...network.nodes.map((node) => node[measure]), 0) || 1;
  return new Map(network.nodes.map((node) => [node.id,
                                              16 + Math.round((node[measure] / most) * 44)]));
}

function colourOf(node) {
  return $("colour-by").value === "community"
    ? COMMUNITY_COLOURS[node.community % COMMUNITY_COLOURS.length]
    : COLOURS[node.kind] || "#999";
}

function elements(network) {
  const size = sizes(network, $("size-by").value);
  const nodes = network.nodes.map((node) => ({
    group: "nodes",
    data: {id: node.id, label: node.label, colour: colourOf(node), size: size.get(node.id),
           record: node}}));
  const edges = network.edges.map((edge, n) => ({
    group: "edges",
    data: {id: `e${n}`, source: edge.source, target: edge.target,
           label: `${edge.kind} ${edge.score.toFixed(2)}`, record: edge}}));
  return nodes.concat(edges);
}

// The days the network spans, first seen to last seen, for the "as it stood" slider.
function span(network) {
  const days = network.nodes.concat(network.edges)
    .flatMap((item) => [item.firstSeen, item.lastSeen]).filter(Boolean).map(day).sort();
  return days.length ? [days[0], days[days.length - 1]] : null;
}

function addDays(isoDay, n) {
  const at = new Date(`${isoDay}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + n);
  return at.toISOString().slice(0, 10);
}

function filters() {
  const range = span(drawn);
  return {
    minScore: Number($("min-score").value),
    from: $("seen-from").value || null,
    to: $("seen-to").value || null,
    asOf: range ? addDays(range[0], Number($("as-of").value)) : null,
    kinds: new Set([...$("edge-kinds").querySelectorAll("input:checked")]
      .map((box) => box.value)),
  };
}

// Whether something dated falls within the filters: seen by the day of the slider, and seen
// at some time between the two dates. Undated things (platforms, the linker's links) always do:
// there is no date to judge them by.
function inTime(item, shown) {
  if (!item.firstSeen) return true;
  const first = day(item.firstSeen), last = day(item.lastSeen || item.firstSeen);
  return !(shown.asOf && first > shown.asOf) && !(shown.from && last < shown.from) &&
         !(shown.to && first > shown.to);
}

// Edges shown: of a kind ticked, scored at least the minimum, in time, between nodes in time.
// Nodes shown: in time, and the one drawn around or one with an edge shown.
function applyFilters() {
  if (!window.hubNetwork || !drawn) return;
  const shown = filters();
  $("min-score-shown").textContent = shown.minScore.toFixed(2);
  $("as-of-shown").textContent = shown.asOf || "—";
  const cy = window.hubNetwork;
  cy.batch(() => {
    const timely = new Set(cy.nodes().filter((node) => inTime(node.data("record"), shown))
      .map((node) => node.id()));
    const linked = new Set();
    cy.edges().forEach((element) => {
      const edge = element.data("record");
      const visible = shown.kinds.has(edge.kind) && edge.score >= shown.minScore &&
                      inTime(edge, shown) && timely.has(edge.source) && timely.has(edge.target);
      element.toggleClass("hidden", !visible);
      if (visible) linked.add(edge.source).add(edge.target);
    });
    cy.nodes().forEach((node) => node.toggleClass(
      "hidden", !(timely.has(node.id()) && (node.id() === chosen || linked.has(node.id())))));
  });
  $("graph").dataset.shownNodes = String(cy.nodes().not(".hidden").length);
  $("graph").dataset.shownEdges = String(cy.edges().not(".hidden").length);
}

function restyle() {
  if (!window.hubNetwork || !drawn) return;
  const size = sizes(drawn, $("size-by").value);
  window.hubNetwork.nodes().forEach((node) => {
    node.data("colour", colourOf(node.data("record")));
    node.data("size", size.get(node.id()));
  });
  legend();
}

// The filters start from everything drawn: every edge kind present ticked, the slider at the
// last day, no dates set.
function resetFilters(network) {
  const kinds = [...new Set(network.edges.map((edge) => edge.kind))].sort();
  $("edge-kinds").replaceChildren(...kinds.map((kind) => {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = kind;
    box.checked = true;
    box.addEventListener("change", applyFilters);
    label.append(box, ` ${kind}`);
    return label;
  }));
  const range = span(network);
  const days = range ? Math.round((Date.parse(range[1]) - Date.parse(range[0])) / 86_400_000) : 0;
  $("as-of").max = String(days);
  $("as-of").value = String(days);
  $("seen-from").value = "";
  $("seen-to").value = "";
  $("min-score").value = "0";
  $("filters").disabled = false;
}

function draw(network) {
  const labels = new Map(network.nodes.map((node) => [node.id, node.label]));
  drawn = network;
  if (window.hubNetwork) window.hubNetwork.destroy();
  const cy = cytoscape({
    container: $("graph"),
    elements: elements(network),
    maxZoom: 1.5,  // a handful of nodes is not blown up to fill the screen
    layout: {name: "cose", animate: false, randomize: false, nodeRepulsion: 8000},
    style: [
      {selector: "node", style: {"background-color": "data(colour)", "label": "data(label)",
                                 "width": "data(size)", "height": "data(size)",
                                 "font-size": 10, "text-valign": "bottom"}},
      {selector: "node:selected", style: {"border-width": 3, "border-color": "#1d3557"}},
      {selector: "edge", style: {"label": "data(label)", "font-size": 8, "width": 1.5,
                                 "curve-style": "bezier", "line-color": "#b8c1cc",
                                 "text-rotation": "autorotate",
                                 "text-background-color": "#fff",
                                 "text-background-opacity": 0.8}},
      {selector: "edge:selected", style: {"line-color": "#1d3557", "width": 3}},
      {selector: ".hidden", style: {"display": "none"}},
    ],
  });
  cy.on("tap", "node", (event) => nodeDetails(event.target.data("record")));
  cy.on("tap", "edge", (event) => edgeDetails(event.target.data("record"), labels));
  const start = cy.getElementById(chosen);
  if (start.nonempty()) {
    start.select();
    nodeDetails(start.data("record"));
  }
  window.hubNetwork = cy;  // for whoever inspects the page: the drawing and its elements
  resetFilters(network);
  applyFilters();
  $("graph").dataset.nodes = String(cy.nodes().length);
  $("graph").dataset.edges = String(cy.edges().length);
}

async function drawAround(id) {
  chosen = id;
  for (const button of $("results").querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.id === id));
  }
  say("Drawing the network…");
  try {
    const data = await graphql("AnalystNetwork", {around: id, depth: Number($("depth").value)});
    if (!data.network) {
      say("Nothing to draw within your scope.");
      return;
    }
    draw(data.network);
    say(`${data.network.nodes.length} nodes, ${data.network.edges.length} edges` +
        (data.network.truncated ? " (cut short: the network is larger)" : "") + ".");
  } catch (error) {
    say(error.message, true);
  }
}

function resultButton(id, text) {
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.id = id;
  button.textContent = text;
  button.addEventListener("click", () => drawAround(id));
  item.append(button);
  $("results").append(item);
}

const named = (account) => `${account.handle} (${account.platform || "unknown platform"})`;

// Suspects have no name of their own: they are found by any of their accounts' handles, and
// listed with the accounts found.
function listSuspects(accounts) {
  const suspects = new Map();
  for (const account of accounts) {
    if (!account.suspectId) continue;
    suspects.set(account.suspectId, (suspects.get(account.suspectId) || []).concat(account));
  }
  for (const [id, theirs] of suspects) resultButton(id, `Suspect: ${theirs.map(named).join(", ")}`);
  return suspects.size;
}

async function search(event) {
  event.preventDefault();
  say("Searching…");
  $("results").replaceChildren();
  try {
    const data = await graphql("AnalystAccounts", {search: $("search").value});
    const accounts = data.accounts.edges.map((edge) => edge.node);
    const total = data.accounts.totalCount;
    if ($("search-kind").value === "suspect") {
      const found = listSuspects(accounts);
      say(found === 0 ? "No suspect found." :
          `${found} suspect${found === 1 ? "" : "s"} among ${accounts.length} accounts.`);
      return;
    }
    for (const account of accounts) {
      resultButton(account.id, named(account) + (account.suspectId ? " · suspect" : ""));
    }
    say(total === 0 ? "No account found." :
        `${total} account${total === 1 ? "" : "s"} found` +
        (total > accounts.length ? `; the first ${accounts.length} shown.` : "."));
  } catch (error) {
    say(error.message, true);
  }
}

// The file the API exported, under a name saying what it is of.
function download(text, extension, type) {
  const start = drawn.nodes.find((node) => node.id === chosen);
  const name = (start ? start.label : "network").replace(/[^A-Za-z0-9._-]+/g, "_");
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], {type}));
  link.download = `network-${name}.${extension}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

function legend() {
  $("legend").replaceChildren();
  const entries = $("colour-by").value === "community" && drawn
    ? [...new Set(drawn.nodes.map((node) => node.community))].sort((a, b) => a - b)
      .map((n) => [`community ${n}`, COMMUNITY_COLOURS[n % COMMUNITY_COLOURS.length]])
    : Object.entries(COLOURS).map(([kind, colour]) => [kind.toLowerCase(), colour]);
  for (const [name, colour] of entries) {
    const entry = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.backgroundColor = colour;
    entry.append(swatch, name);
    $("legend").append(entry);
  }
}

// Dates typed as days, sent as the start of that day and the end of the last one (UTC).
const startOf = (isoDay) => (isoDay ? `${isoDay}T00:00:00Z` : null);
const endOf = (isoDay) => (isoDay ? `${isoDay}T23:59:59Z` : null);

async function drawStatistics(event) {
  if (event) event.preventDefault();
  $("statistics-status").textContent = "Counting…";
  $("statistics-status").classList.remove("error");
  try {
    const data = await graphql("AnalystStatistics", {from: startOf($("received-from").value),
                                                     to: endOf($("received-to").value)});
    const {barChart} = window.hubCharts;
    barChart($("chart-months"), data.months, true, (key) => key.slice(0, 7));  // the month
    barChart($("chart-strands"), data.strands);
    barChart($("chart-platforms"), data.platforms);
    barChart($("chart-forces"), data.forces);
    const total = data.months.reduce((sum, bucket) => sum + bucket.reports, 0);
    $("statistics-status").textContent = `${total} referral${total === 1 ? "" : "s"}.`;
    $("charts").dataset.drawn = "true";
  } catch (error) {
    $("statistics-status").textContent = error.message;
    $("statistics-status").classList.add("error");
  }
}

function showView(view) {
  for (const button of $("views").querySelectorAll("button")) {
    const chosenView = button.dataset.view === view;
    button.setAttribute("aria-pressed", String(chosenView));
    $(button.dataset.view).hidden = !chosenView;
  }
  $("legend").hidden = view !== "network-view";
  if (view === "statistics-view" && sessionStorage.getItem(TOKEN_KEY)) drawStatistics();
}

document.addEventListener("DOMContentLoaded", () => {
  legend();
  showSignedIn();
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("token").value.trim().replace(/^Bearer\s+/i, ""));
    $("token").value = "";
    showSignedIn();
    say("");
  });
  $("forget").addEventListener("click", forgetToken);
  $("search-form").addEventListener("submit", search);
  $("depth").addEventListener("change", () => { if (chosen) drawAround(chosen); });
  for (const id of ["min-score", "seen-from", "seen-to", "as-of"]) {
    $(id).addEventListener("input", applyFilters);
  }
  for (const id of ["colour-by", "size-by"]) $(id).addEventListener("change", restyle);
  $("export-graphml").addEventListener(
    "click", () => download(drawn.graphml, "graphml", "application/graphml+xml"));
  $("export-cytoscape").addEventListener(
    "click", () => download(drawn.cytoscape, "cyjs", "application/json"));
  $("statistics-form").addEventListener("submit", drawStatistics);
  for (const button of $("views").querySelectorAll("button")) {
    button.addEventListener("click", () => showView(button.dataset.view));
  }
});
