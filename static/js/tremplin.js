// Tremplin's own script: small, optional enhancements only; every page works without it.
(function () {
  "use strict";
  // Select the freshly created API token so it can be copied at once.
  // Forms that destroy something ask first (without JavaScript they simply submit).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);
  // "Show password" lets a member check what she typed (the button is hidden without
  // JavaScript); pasting and password managers are never blocked.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.show-password");
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("aria-controls"));
    if (!input) { return; }
    var showing = input.type === "password";
    input.type = showing ? "text" : "password";
    button.setAttribute("aria-pressed", showing ? "true" : "false");
    button.textContent = button.getAttribute(showing ? "data-hide-label" : "data-show-label");
  });
  document.addEventListener("DOMContentLoaded", function () {
    var token = document.getElementById("new-token");
    if (token) { token.focus(); token.select(); }
    document.querySelectorAll("button.show-password").forEach(function (b) { b.hidden = false; });
  });
})();
