// The analyst page: find an account by handle, draw the network around it with Cytoscape.js.
// Everything goes through /graphql with the token the analyst gives, held in sessionStorage
// (this tab only, never in the address), so the API's scoping applies exactly as it does to
// any client: a force officer sees their force's part of the network and nothing more. Reads
// about suspects need a stated justification (X-Hub-Justification), which the API logs with
// every consultation: the analyst writes it above the search, and it goes with each request.
"use strict";

const TOKEN_KEY = "hub.analyst.token";
const COLOURS = {ACCOUNT: "#457b9d", SUSPECT: "#e63946", CASE: "#2a9d8f",
                 PLATFORM: "#8d99ae", VICTIM: "#f4a261"};
const SEARCH = `query($search: String!) {
  accounts(search: $search, first: 20) {
    totalCount
    edges { node { id handle platform displayName suspectId } }
  }
}`;
const NETWORK = `query($around: ID!, $depth: Int!) {
  network(around: $around, depth: $depth, first: 200) {
    truncated
    nodes { id kind label platform degree pagerank betweenness community firstSeen lastSeen }
    edges { source target kind probability score reasons firstSeen lastSeen
            evidence { kind nodeIds description } }
  }
}`;

const $ = (id) => document.getElementById(id);
let chosen = null;  // the global id of the account drawn

async function graphql(query, variables) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: {"Content-Type": "application/json", "Accept": "application/json",
              "Authorization": `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ""}`,
              "X-Hub-Justification": $("justification").value.trim()},
    body: JSON.stringify({query, variables}),
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

function elements(network) {
  const nodes = network.nodes.map((node) => ({
    group: "nodes",
    data: {id: node.id, label: node.label, colour: COLOURS[node.kind] || "#999",
           size: 20 + Math.round(node.pagerank * 60), record: node}}));
  const edges = network.edges.map((edge, n) => ({
    group: "edges",
    data: {id: `e${n}`, source: edge.source, target: edge.target,
           label: `${edge.kind} ${edge.score.toFixed(2)}`, record: edge}}));
  return nodes.concat(edges);
}

function draw(network) {
  const labels = new Map(network.nodes.map((node) => [node.id, node.label]));
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
  $("graph").dataset.nodes = String(cy.nodes().length);
  $("graph").dataset.edges = String(cy.edges().length);
}

async function drawAround(accountId) {
  chosen = accountId;
  for (const button of $("results").querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.id === accountId));
  }
  say("Drawing the network…");
  try {
    const data = await graphql(NETWORK, {around: accountId, depth: Number($("depth").value)});
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

async function search(event) {
  event.preventDefault();
  say("Searching…");
  $("results").replaceChildren();
  try {
    const data = await graphql(SEARCH, {search: $("search").value});
    for (const {node} of data.accounts.edges) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.id = node.id;
      button.textContent = `${node.handle} (${node.platform || "unknown platform"})` +
                           (node.suspectId ? " · suspect" : "");
      button.addEventListener("click", () => drawAround(node.id));
      item.append(button);
      $("results").append(item);
    }
    const total = data.accounts.totalCount;
    say(total === 0 ? "No account found." :
        `${total} account${total === 1 ? "" : "s"} found` +
        (total > data.accounts.edges.length ? `; the first ${data.accounts.edges.length} shown.`
                                            : "."));
  } catch (error) {
    say(error.message, true);
  }
}

function legend() {
  for (const [kind, colour] of Object.entries(COLOURS)) {
    const entry = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.backgroundColor = colour;
    entry.append(swatch, kind.toLowerCase());
    $("legend").append(entry);
  }
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
});
