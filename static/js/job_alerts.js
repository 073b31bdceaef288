// Job alerts: when a job alert arrives over the websocket (realtime.js re-dispatches it as
// the `tremplin:live` event), pages that show alerts say so in a polite live region,
// without reloading. The unread badge itself is notifications.js's.
(function () {
  "use strict";
  var region = document.querySelector("[data-job-alert-live]");
  if (!region) { return; }
  document.addEventListener("tremplin:live", function (event) {
    var payload = event.detail || {};
    if (payload.type !== "notification" || payload.kind !== "job_alert") { return; }
    region.textContent = region.getAttribute("data-text");
  });
})();
