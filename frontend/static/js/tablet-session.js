// Oogst tablet: one person, one draft. A shared tablet must never hand one learner's
// unfinished answers to the next: after a while without a touch it asks "are you still
// there?" and then forgets the draft; a draft found on opening the round is shown only
// after "are you <name>?". Loaded before tablet.js, which calls these with its own
// helpers (kit: h, m, btn, t, plural, listen, word).
(function () {
  "use strict";
  // The question waits as long as the idle time itself, at most 45 seconds.
  var ASK_MAX = 45;

  // idle watches for touches and calls opts.onTimeout when nobody answered "yes".
  // opts: seconds, active() (a person's flow is on screen), onTouch(ms), onTimeout().
  function idle(kit, opts) {
    var last = Date.now(), dialog = null, left = 0;
    function touch() {
      if (dialog) return; // only the Yes button counts while the question is up
      last = Date.now();
      opts.onTouch(last);
    }
    ["pointerdown", "keydown", "input"].forEach(function (ev) { document.addEventListener(ev, touch, true); });
    function close() {
      if (dialog) dialog.remove();
      dialog = null;
      last = Date.now();
      opts.onTouch(last);
    }
    function ask() {
      left = Math.max(1, Math.min(ASK_MAX, opts.seconds));
      var count = kit.h("p", { id: "idle-count", "aria-live": "polite" }, kit.plural("tablet2.still_countdown", left));
      var yes = kit.btn("tablet2.still_yes", "tb-btn tb-big", close, { id: "still-here" });
      dialog = kit.h("div", { "class": "tb-overlay", id: "idle-dialog" }, kit.h("div", {
        "class": "tb-dialog", role: "alertdialog", "aria-modal": "true", "aria-labelledby": "idle-title", "aria-describedby": "idle-count"
      }, [kit.m("h2", "tablet2.still_title", { id: "idle-title" }), count, yes]));
      document.body.appendChild(dialog);
      yes.focus();
    }
    setInterval(function () {
      if (!opts.active()) { last = Date.now(); if (dialog) close(); return; }
      if (!dialog) {
        if (Date.now() - last >= opts.seconds * 1000) ask();
        return;
      }
      if (--left <= 0) {
        dialog.remove();
        dialog = null;
        opts.onTimeout();
        return;
      }
      document.getElementById("idle-count").textContent = kit.plural("tablet2.still_countdown", left);
    }, 1000);
    return { touched: function () { return last; } };
  }

  // hasPerson: the draft holds something of somebody (an agreement, a name, answers).
  function hasPerson(S) {
    if (!S) return false;
    if (S.consent || S.cursist || S.anon) return true;
    return Object.keys(S.answers || {}).length > 0;
  }

  // stale: nobody touched the draft for longer than the idle time and its question.
  function stale(S, seconds) {
    var wait = (seconds + Math.min(ASK_MAX, seconds)) * 1000;
    return !S.touched || Date.now() - S.touched > wait;
  }

  // whoLine says who is answering, for the review and thank-you screens.
  function whoLine(kit, S, done) {
    if (S.anon || !S.cursist) return kit.m("p", done ? "tablet2.answered_anon" : "tablet2.answering_anon", { "class": "tb-who", id: "who-line" });
    var p = kit.m("p", done ? "tablet2.answered_as" : "tablet2.answering_as", { "class": "tb-who", id: "who-line" }, { Name: "\u0000" });
    // The name is the person's own: isolated, so an Arabic name in a Dutch sentence
    // (or the reverse) keeps its order.
    var parts = p.textContent.split("\u0000");
    p.textContent = "";
    p.appendChild(document.createTextNode(parts[0]));
    p.appendChild(kit.h("bdi", {}, S.name || S.cursist));
    p.appendChild(document.createTextNode(parts.slice(1).join("")));
    return p;
  }

  // askWho shows "Are you <name>?" with Continue and Start again.
  function askWho(kit, S, show, onMe, onOther) {
    var title;
    if (S.anon || !S.cursist) title = kit.m("h1", "tablet2.resume_title_anon");
    else {
      title = kit.m("h1", "tablet2.resume_title", {}, { Name: "\u0000" });
      var parts = title.textContent.split("\u0000");
      title.textContent = "";
      title.appendChild(document.createTextNode(parts[0]));
      title.appendChild(kit.h("bdi", {}, S.name || S.cursist));
      title.appendChild(document.createTextNode(parts.slice(1).join("")));
    }
    // Read aloud too: the question decides whose answers are shown.
    var speak = kit.listen(function () {
      return [{ text: title.textContent }, kit.word("tablet2.resume_text"), kit.word("tablet2.resume_no"), kit.word("tablet2.resume_yes")];
    });
    show([title, speak, kit.m("p", "tablet2.resume_text"),
      kit.h("div", { "class": "tb-nav" }, [
        kit.btn("tablet2.resume_no", "tb-btn tb-ghost", onOther, { id: "not-me" }),
        kit.btn("tablet2.resume_yes", "tb-btn", onMe, { id: "its-me" })
      ])]);
  }

  // closed is the calm screen of a closed round; undelivered adds that the answers
  // could not reach the round but the teacher will see them.
  function closed(kit, show, undelivered, next) {
    var text = undelivered ? "tablet2.undelivered" : "tablet2.closed_text";
    show([kit.m("h1", "tablet2.closed_title"),
      kit.listen(function () { return [kit.word("tablet2.closed_title"), kit.word(text), kit.word("tablet2.hand_on")]; }),
      kit.m("p", text, { id: "closed-text" }),
      kit.h("div", { "class": "tb-nav" }, [kit.btn("tablet2.hand_on", "tb-btn", next, { id: "hand-on" })])]);
  }

  // chars counts characters as the server does (code points, not UTF-16 units).
  function chars(s) { return Array.from(s.trim()).length; }

  // counter: the limit is stated under the field; near it a live count appears, and
  // past it the count turns into a plain request to shorten (never a silent cut).
  function counter(kit, field, max) {
    var el = kit.h("p", { "class": "tb-counter", id: "answer-count", "aria-live": "polite" });
    function update() {
      var n = chars(field.value);
      el.classList.toggle("tb-over", n > max);
      el.textContent = n > max ? kit.t("tablet2.too_long", { N: n, Max: max })
        : n >= max * 0.8 ? kit.t("tablet2.length_counter", { N: n, Max: max }) : kit.t("tablet2.length_limit", { Max: max });
      field.setAttribute("aria-invalid", n > max ? "true" : "false");
    }
    field.addEventListener("input", update);
    update();
    return el;
  }

  window.OogstSession = { idle: idle, hasPerson: hasPerson, stale: stale, whoLine: whoLine, askWho: askWho,
    closed: closed, counter: counter, chars: chars };
})();
