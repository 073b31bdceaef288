// Jobs for you, on a case page: the "Forward" button of a best match posts the
// forwarding form of applications with htmx; once it answers, the row says
// "Forwarded" (or why not) without leaving the page. Without JavaScript the form posts
// and the forwarding page shows the outcome.
(function () {
  "use strict";
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("[data-forward-match]")) { return; }
    var state = form.querySelector(".forward-state");
    var button = form.querySelector("button");
    if (event.detail.successful) {
      if (button) { button.remove(); }
      state.textContent = form.getAttribute("data-done");
    } else {
      state.textContent = form.getAttribute("data-failed");
    }
  });
})();
