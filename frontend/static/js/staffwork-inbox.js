// The inbox's selection: "select all" and a bulk bar that shows only while something is
// selected. Without this file every row still has its checkbox and the bar stays shown.
(function () {
  "use strict";
  var list = document.getElementById("outcome-list");
  var bar = document.getElementById("bulkbar");
  if (!list || !bar) return;
  var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox][name=id]"));
  var all = document.getElementById("select-all");
  var keep = bar.hasAttribute("data-keep"); // a rejected bulk action stays visible
  if (all && boxes.length) all.closest(".select-all").hidden = false;
  function update() {
    var n = boxes.filter(function (b) { return b.checked; }).length;
    bar.hidden = n === 0 && !keep;
    if (all) {
      all.checked = n > 0 && n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
    }
  }
  if (all) all.addEventListener("change", function () {
    boxes.forEach(function (b) { b.checked = all.checked; });
    keep = false;
    update();
  });
  list.addEventListener("change", function () { keep = false; update(); });
  // The keyboard's "x" ticks a box without a change event.
  document.addEventListener("keyup", update);
  update();
})();
