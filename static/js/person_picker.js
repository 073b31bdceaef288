// The person picker (tremplin/profiles/forms_picker.py): turns each [data-person-picker]
// into a WAI-ARIA 1.2 combobox (an input with a listbox popup). The member types part of
// a name; the server's suggestions (profiles:picker, people the member may choose,
// connections first) fill the listbox; arrows move, Enter chooses, Escape closes. Each
// chosen person is a chip holding a hidden input (the profile address) and a real
// button to remove it. Without this script the same form resolves typed names on the
// server, so nothing here is needed to choose someone.
(function () {
  "use strict";

  var DELAY = 150;

  function enhance(root) {
    var input = root.querySelector("input[type=text]");
    var list = root.querySelector(".picker-listbox");
    var chips = root.querySelector(".picker-chips");
    var status = root.querySelector("[role=status]");
    var name = root.dataset.name;
    var multiple = root.dataset.multiple === "1";
    var max = parseInt(root.dataset.max, 10) || 1;
    var min = parseInt(root.dataset.min, 10) || 2;
    var timer = null;
    var asked = "";
    var active = -1;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    list.setAttribute("role", "listbox");

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
    }

    function chosenHandles() {
      return Array.prototype.map.call(
        chips.querySelectorAll("input[name='" + name + "']"),
        function (box) { return box.value; }
      );
    }

    function announce(text) {
      status.textContent = text;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!options().length) { return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function chip(handle, label) {
      var item = document.createElement("li");
      item.className = "chip";
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = name;
      hidden.value = handle;
      var text = document.createElement("span");
      text.textContent = label;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "chip-remove";
      remove.setAttribute("aria-label", root.dataset.removeLabel + " " + label);
      remove.textContent = "×";
      remove.addEventListener("click", function () {
        item.remove();
        chips.hidden = !chips.children.length;
        announce(root.dataset.removedLabel + " " + label);
        input.focus();
      });
      item.append(hidden, text, " ", remove);
      return item;
    }

    function choose(option) {
      var handle = option.dataset.handle;
      var label = option.dataset.name;
      if (!multiple) { chips.textContent = ""; }
      if (chosenHandles().indexOf(handle) === -1) {
        if (chips.children.length >= max) {
          announce(root.dataset.fullLabel);
          return;
        }
        chips.append(chip(handle, label));
      }
      chips.hidden = false;
      input.value = "";
      asked = "";
      list.textContent = "";
      close();
      announce(root.dataset.addedLabel + " " + label);
      input.focus();
    }

    function show(html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var found = page.querySelector("ul");
      var taken = chosenHandles();
      list.textContent = "";
      if (!found) { return; }
      Array.prototype.forEach.call(found.querySelectorAll("[role=option]"), function (option, i) {
        if (taken.indexOf(option.dataset.handle) !== -1) { return; }
        option.id = list.id + "-" + i;
        list.append(document.importNode(option, true));
      });
      announce(found.dataset.status || "");
      if (options().length) { open(); } else { close(); }
    }

    function suggest() {
      var text = input.value.trim();
      if (text === asked) { return; }
      asked = text;
      if (text.length < min) {
        list.textContent = "";
        close();
        return;
      }
      var url = root.dataset.source + "&q=" + encodeURIComponent(text);
      fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { if (asked === text) { show(html); } })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!expanded) { open(); }
        highlight(active === -1 && event.key === "ArrowDown" ? 0 : active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && expanded && active !== -1) {
        event.preventDefault();
        choose(options()[active]);
      } else if (event.key === "Escape") {
        if (expanded) { event.preventDefault(); close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; asked = ""; }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () { window.setTimeout(close, 150); });

    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { choose(option); }
    });

    // The server's chips (checkboxes, for the form without JavaScript) become chips
    // with a remove button.
    Array.prototype.forEach.call(chips.querySelectorAll("li"), function (item) {
      var box = item.querySelector("input[type=checkbox]");
      if (!box) { return; }
      item.replaceWith(chip(box.value, item.textContent.trim()));
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-person-picker]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
