// The posting form: show the application address or the email field according to the
// chosen way to apply (both stay visible without JavaScript).
(function () {
  "use strict";
  function sync(form) {
    var chosen = form.querySelector("input[name=apply_method]:checked");
    var method = chosen ? chosen.value : "";
    form.querySelectorAll("[data-apply]").forEach(function (block) {
      block.hidden = method !== "" && block.getAttribute("data-apply") !== method;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.job-form");
    if (!form) return;
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "apply_method") sync(form);
    });
    sync(form);
  });
})();
