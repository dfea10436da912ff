// The SPARQL page: YASGUI on this server's endpoint when the script loads; the plain form otherwise.
(function () {
  "use strict";
  var holder = document.getElementById("yasgui");
  if (!holder || typeof window.Yasgui === "undefined") return;
  var form = document.getElementById("plain-query");
  var endpoint = new URL(holder.dataset.endpoint, window.location.href).href;
  var initial = document.getElementById("query").value;
  // Only completers that work offline: no lookups on other hosts (the class/property ones ask a web service).
  window.Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  window.Yasgui.defaults.requestConfig.endpoint = endpoint;
  var yasgui = new window.Yasgui(holder, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    // The query in the address is the server's own results page (format=html): shown, not run again.
    populateFromUrl: false,
    yasqe: { value: initial },
  });
  form.hidden = true;
  var tab = yasgui.getTab();
  if (tab && tab.getYasqe()) tab.getYasqe().setValue(initial);
  // govgraph's IRIs in the results open their page on this server (w3id.org may not reach a classroom intranet).
  var entities = holder.dataset.entityBase;
  holder.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || link.href.indexOf(entities) !== 0) return;
    event.preventDefault();
    var page = "/id/" + link.href.slice(entities.length) + "?lang=" + document.documentElement.lang;
    window.open(page, link.target || "_self", "noopener");
  });
  document.querySelectorAll("#examples a[data-query]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var current = yasgui.getTab();
      current.setEndpoint(endpoint);
      current.getYasqe().setValue(link.dataset.query);
      current.getYasqe().query();
      holder.scrollIntoView();
    });
  });
})();
