(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-filters]");
  Array.prototype.forEach.call(forms, function (form) {
    var scope = document.getElementById(form.getAttribute("data-filters"));
    if (!scope) {
      return;
    }
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-key]"));
    var items = Array.prototype.slice.call(scope.querySelectorAll("[data-item]"));
    var groups = Array.prototype.slice.call(scope.querySelectorAll("[data-group]"));
    var count = form.querySelector("[data-count]");
    function matches(item) {
      return selects.every(function (select) {
        return !select.value || item.getAttribute("data-" + select.getAttribute("data-key")) === select.value;
      });
    }
    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var visible = matches(item);
        item.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-item]:not([hidden])");
      });
      if (count) {
        count.textContent = "Showing " + shown + " of " + items.length;
      }
    }
    selects.forEach(function (select) {
      select.addEventListener("change", apply);
    });
    form.addEventListener("reset", function () {
      window.setTimeout(apply, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.hidden = false;
    apply();
  });
}());
