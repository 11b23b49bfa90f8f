// Small progressive enhancements for staff pages; everything works without it.
(function () {
  "use strict";
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
  });
  document.addEventListener("submit", function (ev) {
    var f = ev.target;
    var msg = f && f.getAttribute && f.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) ev.preventDefault();
  });
  // Copy buttons (data-copy names the field): shown only where the clipboard works;
  // without script the field is there to select by hand.
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (b) {
    if (!navigator.clipboard) return;
    b.hidden = false;
    b.addEventListener("click", function () {
      var f = document.getElementById(b.getAttribute("data-copy"));
      if (!f) return;
      navigator.clipboard.writeText(f.value).then(function () {
        b.textContent = b.getAttribute("data-copied");
      }, function () { f.select(); });
    });
  });
})();
