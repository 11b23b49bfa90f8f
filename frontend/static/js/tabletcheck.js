// Oogst tablet check: fills in, per language row, whether THIS browser has a speech
// voice for the language and so whether the tablet's Listen button will work here
// (a recording always works; without one, a device voice is needed).
(function () {
  "use strict";
  var texts = document.getElementById("tablet-check-texts");
  if (!texts) return;
  function hasVoice(lang) {
    if (!("speechSynthesis" in window)) return false;
    return speechSynthesis.getVoices().some(function (v) { return v.lang.toLowerCase().split(/[-_]/)[0] === lang; });
  }
  function fill() {
    var speech = "speechSynthesis" in window;
    document.querySelectorAll("#tablet-check-table tr[data-lang]").forEach(function (tr) {
      var lang = tr.getAttribute("data-lang"), voice = hasVoice(lang), recorded = tr.getAttribute("data-recorded") === "1";
      tr.querySelector(".tc-voice").textContent = texts.getAttribute(!speech ? "data-none" : voice ? "data-yes" : "data-no");
      tr.querySelector(".tc-voice").setAttribute("data-voice", voice ? "1" : "0");
      tr.querySelector(".tc-listen").textContent = texts.getAttribute(recorded ? "data-listen-recorded" : voice ? "data-listen-voice" : "data-listen-none");
    });
  }
  fill();
  if ("speechSynthesis" in window) speechSynthesis.addEventListener("voiceschanged", fill);
})();
