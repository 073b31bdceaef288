// Forward page: filter the list of clients as one types a name or ticks tags, without
// reloading (the "Filter" button does the same on the server without JavaScript).
// Hidden rows keep their ticks: only what is shown changes.
(function () {
  "use strict";

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function setUp() {
    var filter = document.getElementById("client-filter");
    var list = document.querySelector(".client-list");
    if (!filter || !list) return;
    var query = filter.querySelector("input[name=q]");
    var status = document.getElementById("filter-status");
    var rows = Array.prototype.slice.call(list.children);

    function apply() {
      var words = fold(query ? query.value : "").split(/\s+/).filter(Boolean);
      var tags = Array.prototype.map.call(
        filter.querySelectorAll("input[name=tags]:checked"),
        function (box) { return box.value; }
      );
      var shown = 0;
      rows.forEach(function (row) {
        var name = fold(row.getAttribute("data-name"));
        var own = (row.getAttribute("data-tags") || "").split(" ");
        var match = words.every(function (w) { return name.indexOf(w) !== -1; }) &&
          tags.every(function (t) { return own.indexOf(t) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (status) status.textContent = shown ? "" : status.getAttribute("data-none");
    }

    if (query) query.addEventListener("input", apply);
    filter.addEventListener("change", apply);
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
