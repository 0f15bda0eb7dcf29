(function () {
  "use strict";
  var selected = null;

  function parts(id) {
    return document.querySelectorAll('[data-block="' + id + '"]');
  }
  function light(id, name, on) {
    parts(id).forEach(function (el) { el.classList.toggle(name, on); });
  }
  function blockOf(target) {
    var el = target && target.closest ? target.closest("[data-block]") : null;
    return el ? el.getAttribute("data-block") : null;
  }
  function select(id, fromList) {
    if (selected !== null) { light(selected, "sel", false); }
    selected = id;
    light(id, "sel", true);
    var other = document.getElementById(fromList ? "at-" + id : "block-" + id);
    if (other) { other.scrollIntoView({ block: fromList ? "center" : "nearest" }); }
  }

  document.addEventListener("mouseover", function (event) {
    var id = blockOf(event.target);
    if (id !== null) { light(id, "on", true); }
  });
  document.addEventListener("mouseout", function (event) {
    var id = blockOf(event.target);
    if (id !== null) { light(id, "on", false); }
  });
  document.addEventListener("click", function (event) {
    var id = blockOf(event.target);
    if (id === null || event.target.closest("details")) { return; }
    var link = event.target.closest("a");
    if (link && link.getAttribute("href").indexOf("#block-") === 0) { return; }
    event.preventDefault();
    select(id, event.target.closest("li.block") !== null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("li.block")) {
      select(event.target.getAttribute("data-block"), true);
    }
  });
  document.querySelectorAll("input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
    });
  });
  var start = /^#(?:at|block)-(\d+)$/.exec(window.location.hash);
  if (start) { select(start[1], true); }
}());
