// The unread badge in the main navigation, kept current without reloading the page.
// Live: realtime.js re-dispatches each websocket event as a `tremplin:live` event; ours
// have type "notification" and carry the new `unread` count (or, from a fan-out, the
// number of rows `added`). When the socket is down
// (`tremplin:live-down`, or it never came up), the badge polls a tiny endpoint instead,
// until `tremplin:live-up`. Changes are announced politely to screen readers.
(function () {
  "use strict";
  var POLL_MS = 30000;
  var nav = document.querySelector("[data-notif-nav]");
  if (!nav) { return; }
  var badge = nav.querySelector("[data-notif-badge]");
  var label = nav.querySelector("[data-notif-label]");
  var live = nav.querySelector("[data-notif-live]");
  var pollUrl = nav.getAttribute("data-poll-url");
  var current = parseInt(badge.textContent, 10) || 0;
  var timer = null;

  function sentence(count) {
    if (count === 0) { return live.getAttribute("data-text-zero"); }
    if (count === 1) { return live.getAttribute("data-text-one"); }
    return live.getAttribute("data-text-other").replace("{count}", String(count));
  }

  function show(count, announce) {
    if (typeof count !== "number" || count < 0 || !isFinite(count)) { return; }
    var changed = count !== current;
    current = count;
    badge.textContent = String(count);
    badge.hidden = count === 0;
    label.textContent = sentence(count);
    nav.setAttribute("data-unread", String(count));
    if (announce && changed) {
      // A polite live region reads the new text once, without moving the focus.
      live.textContent = sentence(count);
    }
    document.dispatchEvent(new CustomEvent("tremplin:unread", { detail: { unread: count } }));
  }

  function poll() {
    if (!pollUrl || !window.fetch) { return; }
    window.fetch(pollUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) { if (body) { show(body.unread, true); } })
      .catch(function () { /* offline: try again at the next tick */ });
  }

  function startPolling() {
    poll();
    if (timer === null) { timer = window.setInterval(poll, POLL_MS); }
  }

  function stopPolling() {
    if (timer === null) { return; }
    window.clearInterval(timer);
    timer = null;
    poll(); // catch up with what happened while the socket was down
  }

  document.addEventListener("tremplin:live", function (event) {
    var payload = event.detail || {};
    if (payload.type !== "notification") { return; }
    if (typeof payload.unread === "number") {
      show(payload.unread, true);
    } else if (typeof payload.added === "number") {
      // A fan-out (job alerts) says how many rows it added rather than count each
      // member's unread rows; the next event with a count or poll corrects any drift.
      show(current + payload.added, true);
    }
  });
  document.addEventListener("tremplin:live-down", startPolling);
  document.addEventListener("tremplin:live-up", stopPolling);

  // realtime.js fires live-down only after the socket was up once; a socket that never
  // comes up (a proxy without websockets) shows as data-live-state="down" on <body>.
  if ("MutationObserver" in window && document.body) {
    new MutationObserver(function () {
      if (document.body.getAttribute("data-live-state") === "down") { startPolling(); }
    }).observe(document.body, { attributes: true, attributeFilter: ["data-live-state"] });
  }
  if (!document.body.hasAttribute("data-live") || !("WebSocket" in window)) { startPolling(); }
})();
