// Tremplin's own script: small, optional enhancements only; every page works without it.
(function () {
  "use strict";
  // Select the freshly created API token so it can be copied at once.
  document.addEventListener("DOMContentLoaded", function () {
    var token = document.getElementById("new-token");
    if (token) { token.focus(); token.select(); }
  });
})();
