// Messaging: the unread badge in the navigation (every page) and, on a conversation
// page, new messages appended as they arrive. Live events come from realtime.js
// ("tremplin:live" on document); while the live connection is down (or absent) the page
// polls instead, and stops polling when it is back. Everything works without this file:
// sending is a plain POST, and reloading the page shows new messages.
(function () {
  "use strict";
  var POLL_MS = 4000;
  var BADGE_POLL_MS = 30000;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) { return ""; }
  }
  function liveIsUp() {
    return !!(window.TremplinLive && window.TremplinLive.isUp());
  }

  // ---------------------------------------------------------------- the badge
  function setBadge(count) {
    var holder = document.getElementById("messaging-unread");
    if (!holder || typeof count !== "number") { return; }
    holder.querySelector("[data-count]").textContent = String(count);
    holder.className = count > 0 ? "badge" : "";
    holder.hidden = count === 0;
  }
  function pollBadge() {
    var holder = document.getElementById("messaging-unread");
    if (!holder || liveIsUp() || document.visibilityState !== "visible") { return; }
    fetch(holder.getAttribute("data-unread-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body) { setBadge(body.unread_conversations); } })
      .catch(function () {});
  }

  // ---------------------------------------------------------------- a conversation
  function Conversation(root) {
    this.root = root;
    this.id = parseInt(root.getAttribute("data-conversation"), 10);
    this.list = root.querySelector("#messages");
    this.lastId = parseInt(root.getAttribute("data-last-id"), 10) || 0;
    this.readUpTo = this.lastId;
    this.live = root.getAttribute("data-latest") === "1";
    this.busy = false;
    this.again = false;
    this.timer = null;
    this.failures = 0;
  }
  Conversation.prototype.adopt = function (fragment) {
    var self = this;
    fragment.querySelectorAll("li[data-id]").forEach(function (item) {
      var id = parseInt(item.getAttribute("data-id"), 10);
      var existing = document.getElementById(item.id);
      if (existing) { existing.replaceWith(item); } else { self.list.appendChild(item); }
      if (window.htmx) { window.htmx.process(item); }
      if (id > self.lastId) { self.lastId = id; }
    });
    var seen = fragment.querySelector("#seen-by");
    var mine = document.getElementById("seen-by");
    if (seen && mine) { mine.replaceWith(seen); }
  };
  Conversation.prototype.refresh = function () {
    var self = this;
    if (!self.live) { return; }
    if (self.busy) { self.again = true; return; }
    self.busy = true;
    var url = self.root.getAttribute("data-updates-url") + "?after=" + self.lastId;
    fetch(url, { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.text();
      })
      .then(function (html) {
        self.failures = 0;
        var template = document.createElement("template");
        template.innerHTML = html;
        self.adopt(template.content);
        self.markRead();
      })
      .catch(function () {
        // A busy server or a dropped connection: try again a little later (a few times).
        self.failures = (self.failures || 0) + 1;
        if (self.failures <= 3) { window.setTimeout(function () { self.refresh(); }, 2000 * self.failures); }
      })
      .then(function () {
        self.busy = false;
        if (self.again) { self.again = false; self.refresh(); }
      });
  };
  Conversation.prototype.reload = function (messageId) {
    var self = this;
    var item = document.getElementById("m-" + messageId);
    if (!item) { return; }
    fetch(self.root.getAttribute("data-base-url") + "m/" + messageId + "/", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        if (!html) { item.remove(); return; }
        var template = document.createElement("template");
        template.innerHTML = html;
        self.adopt(template.content);
      })
      .catch(function () {});
  };
  Conversation.prototype.markRead = function () {
    // Read means seen: only while the page is in front of the member.
    var self = this;
    if (!self.live || document.visibilityState !== "visible" || self.lastId <= self.readUpTo) { return; }
    var before = self.readUpTo;
    var body = new FormData();
    body.append("up_to", String(self.lastId));
    self.readUpTo = self.lastId;
    fetch(self.root.getAttribute("data-read-url"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() }
    }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
    }).catch(function () {
      self.readUpTo = before;
      window.setTimeout(function () { self.markRead(); }, 2000);
    });
  };
  Conversation.prototype.startPolling = function () {
    var self = this;
    if (self.timer === null && self.live) {
      self.root.setAttribute("data-polling", "on");
      self.timer = window.setInterval(function () { self.refresh(); }, POLL_MS);
    }
  };
  Conversation.prototype.stopPolling = function () {
    if (this.timer !== null) {
      window.clearInterval(this.timer);
      this.timer = null;
      this.root.setAttribute("data-polling", "off");
    }
  };

  var current = null;
  var badgeTimer = null;

  document.addEventListener("tremplin:live", function (event) {
    var data = event.detail || {};
    if (typeof data.unread_conversations === "number") { setBadge(data.unread_conversations); }
    if (!current || data.conversation !== current.id) { return; }
    if (data.type === "message" && data.event === "new") { current.refresh(); }
    if (data.type === "message" && data.event === "deleted") { current.reload(data.message); }
    if (data.type === "conversation" && data.event === "read") { current.refresh(); }
  });
  document.addEventListener("tremplin:live-down", function () {
    if (current) { current.startPolling(); current.refresh(); }
  });
  document.addEventListener("tremplin:live-up", function () {
    if (current) { current.stopPolling(); current.refresh(); }
  });
  // htmx sent the form: show the new message at once (the live event may come later).
  document.addEventListener("messaging:sent", function () {
    if (current) { current.refresh(); }
    var field = document.querySelector("#send-form textarea");
    if (field) { field.focus(); }
  });
  document.addEventListener("visibilitychange", function () {
    if (current) { current.markRead(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-conversation]");
    if (root) {
      current = new Conversation(root);
      root.setAttribute("data-polling", "off");
      if (!liveIsUp()) { current.startPolling(); }
    }
    badgeTimer = window.setInterval(pollBadge, BADGE_POLL_MS);
  });
})();
