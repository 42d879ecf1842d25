// Bar charts as plain SVG, for the statistics view. The hub's statistics are a handful of
// counts per dimension (months, strands, platforms, forces): bars with their labels and
// numbers, which these few lines draw, need no charting library to vendor, pin and audit.
// Each bar is a <rect> holding a <title> (the browser's tooltip) and the container is marked
// with what it shows (data-keys), for whoever inspects the page.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

const counted = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function svgElement(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

// Horizontal bars, one row per bucket, longest first unless `keepOrder` (months keep theirs),
// each labelled `label(key)`. Referrals are the bar; the distinct cases they make are written
// beside it.
function barChart(container, buckets, keepOrder = false, label = (key) => key) {
  const rows = keepOrder ? buckets.slice() : buckets.slice().sort((a, b) => b.reports - a.reports);
  container.replaceChildren();
  container.dataset.keys = rows.map((bucket) => bucket.key).join(",");
  if (!rows.length) {
    container.append(document.createTextNode("Nothing in this period."));
    return;
  }
  const rowHeight = 22, labelWidth = 150, barWidth = 260, numberWidth = 120;
  const most = Math.max(...rows.map((bucket) => bucket.reports), 1);
  const chart = svgElement("svg", {
    width: labelWidth + barWidth + numberWidth, height: rows.length * rowHeight + 4,
    role: "img", "aria-label": rows.map((b) => `${label(b.key)}: ${b.reports}`).join("; ")});
  rows.forEach((bucket, n) => {
    const y = n * rowHeight + 2;
    const width = Math.max(1, Math.round((bucket.reports / most) * barWidth));
    chart.append(svgElement("text", {x: labelWidth - 6, y: y + 15, "text-anchor": "end",
                                     class: "chart-label"}, label(bucket.key)));
    const bar = svgElement("rect", {x: labelWidth, y, width, height: rowHeight - 6,
                                    class: "chart-bar", "data-key": bucket.key});
    bar.append(svgElement("title", {},
                          `${label(bucket.key)}: ${counted(bucket.reports, "referral")}, ` +
                          counted(bucket.cases, "case")));
    chart.append(bar);
    chart.append(svgElement("text", {x: labelWidth + width + 6, y: y + 15, class: "chart-number"},
                            `${bucket.reports} (${counted(bucket.cases, "case")})`));
  });
  container.append(chart);
}

window.hubCharts = {barChart};
