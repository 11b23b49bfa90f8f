// Meeting mode as a live tool: slides are swapped in without a page load, so full
// screen and the room's attention survive; notes are saved on change and before
// moving; history keeps back/forward and a reload on the right slide. Without
// JavaScript every control is a plain link or form.
(function () {
  "use strict";
  var meeting = document.getElementById("meeting");
  if (!meeting) return;
  var holder = document.getElementById("slide-holder");
  var base = meeting.getAttribute("data-base");
  var fs = document.getElementById("fullscreen");

  function slide() { return document.getElementById("slide"); }

  function status(key) {
    var s = document.getElementById("notes-status");
    if (s) s.textContent = s.getAttribute(key) || "";
  }

  // Typed notes are kept as a draft in this browser until the server has them, so a
  // lost connection or a closed tab loses nothing.
  function draftKey(form) { return "oogst-note-" + form.action + "-" + form.elements.outcome.value; }
  function keepDraft(form) {
    try { localStorage.setItem(draftKey(form), form.elements.notes.value); } catch (e) { /* private mode */ }
  }
  function dropDraft(form) {
    try { localStorage.removeItem(draftKey(form)); } catch (e) { /* private mode */ }
  }
  function restoreDraft() {
    var form = document.getElementById("notes-form");
    if (!form) return;
    var draft = null;
    try { draft = localStorage.getItem(draftKey(form)); } catch (e) { return; }
    var ta = form.elements.notes;
    if (draft !== null && draft !== ta.value) {
      ta.value = draft;
      status("data-draft");
    }
  }

  // saveNotes posts the current slide's notes when they changed; it resolves false
  // when they could not be saved, so the slide stays and nothing typed is lost. When
  // someone else saved other notes meanwhile (409), both texts are kept and saved.
  // Saves run one after the other: leaving the field and moving on both save, and two
  // posts of the same text racing each other's merge would paste it in twice.
  var saving = Promise.resolve(true);
  function saveNotes() {
    var next = saving.then(function () { return saveNow(false); });
    saving = next.catch(function () { return false; });
    return next;
  }
  function saveNow(retried) {
    var form = document.getElementById("notes-form");
    if (!form) return Promise.resolve(true);
    var ta = form.elements.notes;
    var base = form.elements.base;
    if (ta.value === base.value) { dropDraft(form); return Promise.resolve(true); }
    var sent = ta.value;
    return fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json" },
      body: new URLSearchParams(new FormData(form))
    }).then(function (r) {
      if (r.status === 409 && !retried) {
        return r.json().then(function (body) {
          var theirs = body.current || "";
          if (theirs.indexOf(sent.trim()) >= 0) ta.value = theirs;
          else if (sent.indexOf(theirs) < 0) ta.value = theirs + "\n\n" + sent;
          base.value = theirs;
          return saveNow(true).then(function (ok) { if (ok) status("data-merged"); return ok; });
        });
      }
      if (!r.ok) throw new Error("status " + r.status);
      base.value = sent.trim();
      if (ta.value === sent) dropDraft(form);
      status("data-saved");
      return true;
    }).catch(function () { status("data-failed"); return false; });
  }

  function markStrip() {
    var i = slide().getAttribute("data-i");
    var links = document.querySelectorAll(".agenda-strip a");
    for (var k = 0; k < links.length; k++) {
      if (links[k].getAttribute("data-i") === i) links[k].setAttribute("aria-current", "step");
      else links[k].removeAttribute("aria-current");
    }
  }

  function show(url, push) {
    if (!url) return;
    saveNotes().then(function (ok) {
      if (!ok) return;
      var u = new URL(url, location.href);
      u.searchParams.set("part", "slide");
      return fetch(u.toString(), { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (r) {
        if (!r.ok) throw new Error("status " + r.status);
        return r.text();
      }).then(function (html) {
        holder.innerHTML = html;
        if (push) history.pushState({ meeting: true }, "", url);
        markStrip();
        restoreDraft();
        window.scrollTo(0, 0);
        var h = holder.querySelector("h2, h3");
        if (h) { h.setAttribute("tabindex", "-1"); h.focus({ preventScroll: true }); }
      }).catch(function () { location.href = url; });
    });
  }

  function slideLink(a) {
    return a && a.origin === location.origin && a.pathname === base && a.search.indexOf("charts") < 0 && !a.hasAttribute("download");
  }

  meeting.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a") : null;
    if (!slideLink(a) || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey || ev.button !== 0) return;
    ev.preventDefault();
    show(a.href, true);
  });
  // Notes are saved when the field loses focus, without a button; every keystroke
  // updates the draft.
  meeting.addEventListener("change", function (ev) {
    if (ev.target.closest && ev.target.closest("#notes-form")) saveNotes();
  });
  meeting.addEventListener("input", function (ev) {
    var form = ev.target.closest ? ev.target.closest("#notes-form") : null;
    if (form) keepDraft(form);
  });
  restoreDraft();
  // Adjustments are added and reopened in place too: the answer (the meeting page
  // after the redirect, or the form with its errors) brings the new slide.
  var inPlace = /^\/(meetings\/\d+\/adjustments|adjustments\/\d+)$/;
  function flash(text) {
    var box = document.querySelector("main > .flash");
    if (!box) {
      box = document.createElement("p");
      box.className = "flash";
      box.setAttribute("role", "status");
      meeting.parentNode.insertBefore(box, meeting);
    }
    box.textContent = text;
  }
  meeting.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.id === "notes-form") {
      ev.preventDefault();
      saveNotes();
      return;
    }
    if (!inPlace.test(form.getAttribute("action") || "")) return;
    ev.preventDefault();
    var data = new URLSearchParams(new FormData(form));
    if (ev.submitter && ev.submitter.name) data.append(ev.submitter.name, ev.submitter.value);
    saveNotes().then(function (ok) {
      if (!ok) return;
      return fetch(form.action, { method: "POST", credentials: "same-origin", body: data }).then(function (r) {
        return r.text();
      }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("slide-holder");
        if (!fresh) throw new Error("no slide in the answer");
        holder.innerHTML = fresh.innerHTML;
        var msg = doc.querySelector("main > .flash");
        if (msg) flash(msg.textContent);
        markStrip();
        restoreDraft();
      });
    }).catch(function () { form.submit(); });
  });
  window.addEventListener("popstate", function () { show(location.href, false); });
  // Leaving the page another way (a link out, closing the tab) still keeps the notes.
  window.addEventListener("pagehide", function () {
    var form = document.getElementById("notes-form");
    if (!form || !navigator.sendBeacon) return;
    if (form.elements.notes.value !== form.elements.base.value) navigator.sendBeacon(form.action, new URLSearchParams(new FormData(form)));
  });

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  }
  if (fs && document.fullscreenEnabled) {
    fs.hidden = false;
    fs.addEventListener("click", toggleFullscreen);
  }

  function typing(ev) {
    var t = ev.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  document.addEventListener("keydown", function (ev) {
    if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var s = slide();
    var rtl = document.documentElement.dir === "rtl";
    switch (ev.key) {
      case "j": case "PageDown": show(s.getAttribute("data-next"), true); break;
      case "k": case "PageUp": show(s.getAttribute("data-prev"), true); break;
      case "ArrowRight": show(s.getAttribute(rtl ? "data-prev" : "data-next"), true); break;
      case "ArrowLeft": show(s.getAttribute(rtl ? "data-next" : "data-prev"), true); break;
      case "Home": show(s.getAttribute("data-first"), true); break;
      case "End": show(s.getAttribute("data-last"), true); break;
      case "f": case "F": toggleFullscreen(); break;
      default: return;
    }
    ev.preventDefault();
  });
})();
