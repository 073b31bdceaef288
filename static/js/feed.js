// The feed's own script: optional. Without it, the "new posts" indicator still polls
// (htmx "every 60s"); with it, a live "feed" event asks at once.
(function () {
  "use strict";
  document.addEventListener("tremplin:live", function (event) {
    var payload = event.detail || {};
    if (payload.type === "feed") {
      document.dispatchEvent(new CustomEvent("tremplin-feed"));
    }
  });
  // After htmx adds a freshly published post, move the focus to it for screen readers.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "fresh-posts") {
      var first = target.querySelector("article");
      if (first) { first.setAttribute("tabindex", "-1"); first.focus(); }
    }
  });
})();
