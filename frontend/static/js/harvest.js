// Keyboard shortcuts for the review inbox and the outcome page (meeting mode: meeting.js).
// Everything works without this file; it only saves reviewers time.
(function () {
  "use strict";
  var KEY = "oogst.harvest.ids";

  function typing(ev) {
    var t = ev.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  function go(url) { if (url) window.location.href = url; }

  // Inbox: j/k move, o/Enter open, x select, c code (bulk), e set status.
  var list = document.getElementById("outcome-list");
  if (list) {
    var rows = Array.prototype.slice.call(list.querySelectorAll(".outcome-row"));
    try { sessionStorage.setItem(KEY, JSON.stringify(rows.map(function (r) { return r.getAttribute("data-id"); }))); } catch (e) { /* private mode */ }
    var cur = -1;
    var focus = function (i) {
      if (!rows.length) return;
      cur = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach(function (r, j) { r.classList.toggle("current", j === cur); });
      rows[cur].focus();
      rows[cur].scrollIntoView({ block: "nearest" });
    };
    document.addEventListener("keydown", function (ev) {
      if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var row = rows[cur];
      switch (ev.key) {
        case "j": focus(cur + 1); break;
        case "k": focus(cur - 1); break;
        case "o": case "Enter": if (row) go(row.querySelector(".outcome-link").href); else return; break;
        case "x": if (row) { var cb = row.querySelector("input[type=checkbox]"); if (cb) cb.checked = !cb.checked; } break;
        case "c": var sel = document.getElementById("bulk-code"); if (sel) { if (row) selectRow(row); sel.focus(); } break;
        case "e": var st = document.getElementById("bulk-status"); if (st) { if (row) selectRow(row); st.focus(); } break;
        default: return;
      }
      ev.preventDefault();
    });
  }
  function selectRow(row) { var cb = row.querySelector("input[type=checkbox]"); if (cb) cb.checked = true; }

  // Outcome page: j/k next/prev outcome of the last inbox page, c codes, x exclude, s save.
  var detail = document.getElementById("outcome-detail");
  if (detail) {
    var ids = [];
    try { ids = JSON.parse(sessionStorage.getItem(KEY) || "[]"); } catch (e) { ids = []; }
    var me = ids.indexOf(detail.getAttribute("data-id"));
    document.addEventListener("keydown", function (ev) {
      if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      switch (ev.key) {
        case "j": if (me >= 0 && me + 1 < ids.length) go("/outcomes/" + ids[me + 1]); break;
        case "k": if (me > 0) go("/outcomes/" + ids[me - 1]); break;
        case "c": var first = document.querySelector("#codes input"); if (first) first.focus(); break;
        case "x":
          var st = document.getElementById("status");
          if (st && st.querySelector("option[value=excluded]")) { st.value = "excluded"; document.getElementById("exclude_reason").focus(); }
          break;
        case "s": var f = document.getElementById("review-form"); if (f) f.requestSubmit(); break;
        case "u": go(document.getElementById("back-to-inbox").href); break;
        default: return;
      }
      ev.preventDefault();
    });
  }
})();
