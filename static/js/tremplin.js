// Tremplin's own script: small, optional enhancements only; every page works without it.
(function () {
  "use strict";
  // Select the freshly created API token so it can be copied at once.
  // Forms that destroy something ask first (without JavaScript they simply submit).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    var token = document.getElementById("new-token");
    if (token) { token.focus(); token.select(); }
  });
})();
