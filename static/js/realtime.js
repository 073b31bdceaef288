// One websocket per tab, shared by every live feature (notifications, messages, feed).
// Each server event is re-dispatched on `document` as a `tremplin:live` CustomEvent whose
// `detail` is the JSON payload; features listen for the `type` they own. When the socket
// drops, `tremplin:live-down` fires (features fall back to polling) and the socket is
// retried with a growing delay; `tremplin:live-up` fires when it is back.
(function () {
  "use strict";
  var path = document.body && document.body.getAttribute("data-live");
  if (!path || !("WebSocket" in window)) { return; }
  var delay = 1000;
  var up = false;
  function fire(name, detail) {
    document.dispatchEvent(new CustomEvent(name, { detail: detail }));
  }
  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + path);
    socket.addEventListener("open", function () {
      delay = 1000;
      up = true;
      document.body.setAttribute("data-live-state", "up");
      fire("tremplin:live-up", {});
    });
    socket.addEventListener("message", function (event) {
      var payload;
      try { payload = JSON.parse(event.data); } catch (e) { return; }
      if (payload && payload.type) { fire("tremplin:live", payload); }
    });
    socket.addEventListener("close", function () {
      if (up) { fire("tremplin:live-down", {}); }
      up = false;
      document.body.setAttribute("data-live-state", "down");
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }
  window.TremplinLive = { isUp: function () { return up; } };
  connect();
})();
