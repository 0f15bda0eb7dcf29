(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-filters]");
  Array.prototype.forEach.call(forms, function (form) {
    var scope = document.getElementById(form.getAttribute("data-filters"));
    if (!scope) {
      return;
    }
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-key]"));
    var sorter = form.querySelector("select[data-sort]");
    var items = Array.prototype.slice.call(scope.querySelectorAll("[data-item]"));
    var groups = Array.prototype.slice.call(scope.querySelectorAll("[data-group]"));
    var count = form.querySelector("[data-count]");
    function matches(item) {
      return selects.every(function (select) {
        var value = item.getAttribute("data-" + select.getAttribute("data-key")) || "";
        if (!select.value) {
          return true;
        }
        if (select.getAttribute("data-match") === "word") {
          return value.split(" ").indexOf(select.value) >= 0;
        }
        return value === select.value;
      });
    }
    function order(item) {
      return Number(item.getAttribute("data-order") || 0);
    }
    function sort() {
      var key = sorter ? sorter.value : "";
      Array.prototype.forEach.call(scope.querySelectorAll("tbody"), function (body) {
        var rows = Array.prototype.slice.call(body.querySelectorAll("[data-item]"));
        rows.sort(function (a, b) {
          var by = 0;
          if (key === "size") {
            by = Number(b.getAttribute("data-size")) - Number(a.getAttribute("data-size"));
          } else if (key) {
            by = (a.getAttribute("data-" + key) || "").localeCompare(b.getAttribute("data-" + key) || "");
          }
          return by || order(a) - order(b);
        });
        rows.forEach(function (row) {
          body.appendChild(row);
        });
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
    if (sorter) {
      sorter.addEventListener("change", sort);
    }
    form.addEventListener("reset", function () {
      window.setTimeout(function () {
        sort();
        apply();
      }, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.hidden = false;
    apply();
  });
}());
