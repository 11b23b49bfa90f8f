#!/usr/bin/env python3
"""Synthesises the demo round's placeholder prompts with espeak-ng and opusenc.

Run once (apt-get install espeak-ng opus-tools) and commit demo/prompts/: machine voices
stand in until a native speaker records each prompt in the form editor. One clip per
key and language; the key is what survey_prompts.question_id holds (see
docs/architecture.md, "Recorded prompts").
"""
import json, os, subprocess, sys, tempfile, tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "demo", "prompts")
VOICES = {"nl": "nl", "fr": "fr-fr", "en": "en-gb", "ar": "ar", "tr": "tr", "es": "es", "uk": "uk",
          "ru": "ru", "ro": "ro", "pl": "pl", "fa": "fa"}
# The tablet's own words that the Listen button reads (buttons, titles, the welcome and
# the consent's key points).
UI = ["tablet.consent_title", "tablet.consent_yes", "tablet.consent_no", "tablet.who_title", "tablet.who_pick",
      "tablet.who_anonymous", "tablet.next", "tablet.back", "tablet.voice_start", "tablet.review_title",
      "tablet.send", "tablet.thanks_title", "tablet.thanks_sent", "tablet.next_person",
      "tablet3.welcome_title", "tablet3.welcome_text", "tablet3.start", "tablet3.consent_keep",
      "tablet3.consent_who", "tablet3.consent_rights", "tablet3.who_yes", "tablet3.who_no", "tablet3.who_code",
      "tablet4.another_change"]


def messages(lang):
    out = {}
    for dom in ("tablet", "tablet3", "tablet4", "submit"):
        with open(os.path.join(ROOT, "frontend", "locales", f"{dom}.{lang}.toml"), "rb") as f:
            for k, v in tomllib.load(f).items():
                if isinstance(v, str):
                    out[k] = v
    return out


def clips(lang, form, msgs):
    yield "_consent.oogst-1", msgs["submit.consent_default"]
    for k in UI:
        yield "_" + k, msgs[k]
    for q in form["questions"]:
        text = q["text"][lang]
        if q.get("help", {}).get(lang):
            text += " " + q["help"][lang]
        yield q["id"], text
        for o in q.get("options", []):
            yield q["id"] + "." + o["id"], o["text"][lang]


def main():
    with open(os.path.join(ROOT, "survey", "builtin", "reflection.json")) as f:
        form = json.load(f)
    langs = sys.argv[1:] or list(VOICES)
    with tempfile.TemporaryDirectory() as tmp:
        for lang in langs:
            os.makedirs(os.path.join(OUT, lang), exist_ok=True)
            for key, text in clips(lang, form, messages(lang)):
                wav = os.path.join(tmp, "x.wav")
                subprocess.run(["espeak-ng", "-v", VOICES[lang], "-s", "140", "-w", wav, text], check=True)
                subprocess.run(["opusenc", "--quiet", "--speech", "--bitrate", "8", "--discard-comments",
                                "--comment", "SYNTHETIC=espeak-ng placeholder, replace with a native speaker",
                                wav, os.path.join(OUT, lang, key + ".ogg")], check=True)


if __name__ == "__main__":
    main()
