// Oogst tablet: recording a voice answer. Loaded only when a cursist taps "speak your
// answer", so the first page load stays small. Record, stop, then the main script shows
// the recording to listen back to, with "record again".
(function () {
  "use strict";
  function pickType() {
    var types = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
    for (var i = 0; i < types.length; i++) if (MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(types[i])) return types[i];
    return "";
  }
  // record takes over o.box: a status line and a stop button; o.onDone gets the blob.
  function record(o) {
    return navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var type = pickType(), chunks = [];
      var rec = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
      rec.ondataavailable = function (e) { if (e.data && e.data.size) chunks.push(e.data); };
      rec.onstop = function () {
        stream.getTracks().forEach(function (tr) { tr.stop(); });
        o.onDone(new Blob(chunks, { type: rec.mimeType || type || "audio/webm" }));
      };
      o.box.textContent = "";
      o.box.appendChild(o.m("p", "tablet.voice_recording", { "class": "tb-rec", role: "status" }));
      var stop = o.btn("tablet.voice_stop", "tb-btn tb-stop", function () { stop.disabled = true; rec.stop(); }, { id: "voice-stop" });
      o.box.appendChild(stop);
      rec.start(250);
      stop.focus();
    }, function () {
      o.box.appendChild(o.m("p", "tablet.voice_denied", { "class": "tb-error", role: "alert" }));
    });
  }
  window.OogstVoice = { record: record };
})();
