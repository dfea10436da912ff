// The interactive graph of an embeddable view: Cytoscape.js draws the nodes at the positions the server
// computed, so the picture matches the SVG export. Without JavaScript the server's SVG stays in place.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("view-data").textContent);
  const container = document.getElementById("graph");
  const detail = document.getElementById("graph-detail");
  if (typeof cytoscape !== "function" || !container) return;

  const legend = Object.fromEntries(data.legend.map((e) => [e.key, e]));
  const elements = [
    ...data.nodes.map((n) => ({
      group: "nodes",
      data: { id: n.iri, label: n.label, colour: legend[n.key].colour, shape: legend[n.key].shape, node: n },
      position: { x: n.x, y: n.y },
      classes: n.centre ? "centre" : "",
    })),
    ...data.edges.map((e, i) => ({
      group: "edges",
      data: { id: "e" + i, source: e.source, target: e.target, label: e.label, edge: e },
      classes: e.record || e.dates ? "dated" : "",
    })),
    ...(data.ticks || []).map(([x, text], i) => ({
      group: "nodes",
      data: { id: "tick" + i, label: text },
      position: { x, y: 20 },
      classes: "tick",
      selectable: false,
      grabbable: false,
    })),
  ];
  container.textContent = "";
  const cy = cytoscape({
    container,
    elements,
    layout: { name: "preset", fit: true, padding: 30 },
    wheelSensitivity: 0.3,
    minZoom: 0.2,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", shape: "data(shape)", width: 24, height: 24,
        "border-width": 1.5, "border-color": "#222", label: "data(label)", "font-size": 14,
        "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "ellipsis", "text-max-width": 180,
        "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
      { selector: "node.tick", style: { shape: "rectangle", width: 1, height: 1, "background-opacity": 0,
        "border-width": 0, "font-size": 13, color: "#57606a", "text-valign": "top", events: "no" } },
      { selector: "node.centre", style: { width: 34, height: 34, "font-size": 17, "font-weight": "bold" } },
      { selector: "edge", style: {
        width: 1.5, "line-color": "#888", "target-arrow-color": "#555", "target-arrow-shape": "triangle",
        "curve-style": "bezier", "arrow-scale": 0.9 } },
      { selector: "edge.dated", style: { "line-style": "dashed" } },
      { selector: "edge.hover", style: { label: "data(label)", "font-size": 11, "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.9, width: 3, "line-color": "#0b5cad" } },
      { selector: "node:selected, node.hover", style: { "border-width": 4, "border-color": "#ffbf47" } },
    ],
  });

  const describeNode = (n) => [n.label, n.kind, n.group, n.detail].filter(Boolean).join(" · ");
  const describeEdge = (e) =>
    [cy.getElementById(e.source).data("label"), e.label, cy.getElementById(e.target).data("label")].join(" → ") +
    (e.dates ? " (" + e.dates + ")" : "");
  const entityPage = (n) => "/id/" + encodeURIComponent(n.slug) + "?lang=" + data.lang;

  cy.on("mouseover", "node", (ev) => { ev.target.addClass("hover"); detail.textContent = describeNode(ev.target.data("node")); });
  cy.on("mouseout", "node", (ev) => ev.target.removeClass("hover"));
  cy.on("mouseover", "edge", (ev) => { ev.target.addClass("hover"); detail.textContent = describeEdge(ev.target.data("edge")); });
  cy.on("mouseout", "edge", (ev) => ev.target.removeClass("hover"));
  // A click shows the details with a link to the entity page (a new tab, so the course page stays open).
  const showWithLink = (n) => {
    detail.textContent = describeNode(n) + " ";
    const link = document.createElement("a");
    link.href = entityPage(n);
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = detail.dataset.openLabel + " →";
    detail.append(link);
  };
  cy.on("tap", "node", (ev) => showWithLink(ev.target.data("node")));
  cy.on("dbltap", "node", (ev) => window.open(entityPage(ev.target.data("node")), "_top"));

  // Keyboard: the graph container has focus; n/p walk the nodes in reading order, Enter opens one.
  const order = cy.nodes().not(".tick").sort((a, b) => a.position("y") - b.position("y") || a.position("x") - b.position("x"));
  let current = -1;
  const select = (i) => {
    current = (i + order.length) % order.length;
    cy.nodes().unselect();
    const node = order[current].select();
    cy.animate({ center: { eles: node } }, { duration: 150 });
    showWithLink(node.data("node"));
  };
  const zoomBy = (factor) =>
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  container.addEventListener("keydown", (ev) => {
    const step = 40;
    const actions = {
      ArrowLeft: () => cy.panBy({ x: step, y: 0 }), ArrowRight: () => cy.panBy({ x: -step, y: 0 }),
      ArrowUp: () => cy.panBy({ x: 0, y: step }), ArrowDown: () => cy.panBy({ x: 0, y: -step }),
      "+": () => zoomBy(1.2), "=": () => zoomBy(1.2), "-": () => zoomBy(1 / 1.2), "0": () => cy.fit(undefined, 30),
      n: () => select(current + 1), p: () => select(current - 1),
      Enter: () => current >= 0 && window.open(entityPage(order[current].data("node")), "_top"),
    };
    if (actions[ev.key]) { ev.preventDefault(); actions[ev.key](); }
  });

  const buttons = document.querySelector(".graph-buttons");
  buttons.hidden = false;
  buttons.addEventListener("click", (ev) => {
    const action = ev.target.dataset.action;
    if (action === "zoom-in") zoomBy(1.2);
    if (action === "zoom-out") zoomBy(1 / 1.2);
    if (action === "fit") cy.fit(undefined, 30);
  });

  const png = document.getElementById("png-export");
  png.hidden = false;
  png.addEventListener("click", () => { png.href = cy.png({ full: true, scale: 2, bg: "#ffffff" }); });

  container.dataset.ready = "true";
})();
