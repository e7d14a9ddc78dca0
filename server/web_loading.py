"""The page before Flutter's first frame (written into index.html by server.web_build):

- a loading screen of our own in place of flet-web's (its logo animation, a 24 KB
  image): the service's name, its mark (the pin with the cross of assets/icon.png,
  drawn inline) and "Memuat…" in the language the app will speak, in the light or
  dark surface colours of session/theme.py; inline markup and styles only (the
  Content-Security-Policy allows inline styles, server/security.py), no request of
  its own. It keeps flet-web's `id="loading"`: flutter_bootstrap.js removes that
  element at `flutter-first-frame`, and so does our script, should flet-web stop;
- one small script (inline here; server.web_build moves it to a file of our origin,
  like flet-web's own): it picks the line's language (the saved choice, else the
  browser's, as session.i18n.pick_language does) and keeps the page from asking
  another origin for a script. flet-web's client adds Rive's runtime
  (`rive_native.js`, cdn.jsdelivr.net) as a `<script>` at start although the app
  shows no Rive animation; the policy would refuse it, this never asks for it (it
  fails at once, as a refused script does).
"""

from __future__ import annotations

import re
from pathlib import Path

from session.i18n import APP_NAME, DEFAULT, N_, SUPPORTED, Translator
from session.theme import BRAND, DARK, LIGHT

LOADING = N_("Memuat…")
LOADING_SCREEN = re.compile(r'<div id="loading"[^>]*>(?:(?!<div).)*?</div>', re.S)  # no inner <div>
MARK = (  # the pin with the cross of assets/icon.png; the cross is a hole (evenodd)
    '<svg viewBox="0 0 48 64" width="56" height="75" aria-hidden="true">'
    '<path fill-rule="evenodd" d="M24 62 6.68 32A20 20 0 1 1 41.32 32Z'
    'M20 11h8v7h7v8h-7v7h-8v-7h-7v-8h7Z"/></svg>'
)
# The saved language: session/storage.py's "lsr.preferences", as Flutter's
# shared_preferences keeps it (JSON text, JSON-encoded again, under "flutter." + key;
# tests/browser/test_preferences_browser.py).
SCRIPT = """
(function () {
  var supported = %(supported)s, chosen = null;
  try {
    var saved = localStorage.getItem("flutter.lsr.preferences");
    if (saved) chosen = JSON.parse(JSON.parse(saved)).language;
  } catch (e) {}
  if (supported.indexOf(chosen) < 0) {
    chosen = null;
    var tags = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < tags.length && !chosen; i++) {
      var code = String(tags[i]).split(/[-_.@]/)[0].toLowerCase();
      code = {"in": "id", "jw": "jv"}[code] || code;
      if (supported.indexOf(code) >= 0) chosen = code;
    }
  }
  document.documentElement.lang = chosen || "%(default)s";

  var src = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, "src");
  Object.defineProperty(HTMLScriptElement.prototype, "src", {
    configurable: true, enumerable: src.enumerable, get: src.get,
    set: function (url) {
      var elsewhere = false;
      try { elsewhere = new URL(url, document.baseURI).origin !== location.origin; } catch (e) {}
      if (elsewhere) {
        var script = this;
        setTimeout(function () { script.dispatchEvent(new Event("error")); });
        return;
      }
      src.set.call(this, url);
    }
  });

  addEventListener("flutter-first-frame", function () {
    var loading = document.getElementById("loading");
    if (loading) loading.remove();
  }, {once: true});
})();
"""


def loading_screen() -> str:
    lines = "".join(
        f'<p lang="{language}">{Translator(language).gettext(LOADING)}</p>' for language in SUPPORTED
    )
    shown = ", ".join(f'html[lang="{language}"] #loading p[lang="{language}"]' for language in SUPPORTED)
    return f"""<div id="loading" role="status">
    <style>
      #loading {{ position: fixed; inset: 0; display: flex; flex-direction: column;
        align-items: center; justify-content: center; gap: 12px; padding: 24px;
        background: {LIGHT["surface"]}; color: {LIGHT["on_surface"]}; text-align: center;
        font: 16px/1.4 Roboto, system-ui, -apple-system, "Segoe UI", sans-serif; }}
      #loading svg {{ fill: {BRAND}; margin-bottom: 4px; }}
      #loading h1 {{ margin: 0; font-size: 22px; font-weight: 600; }}
      #loading p {{ display: none; margin: 0; color: {LIGHT["on_surface_variant"]}; }}
      #loading p[lang="{DEFAULT}"], {shown} {{ display: block; }}
      html[lang]:not([lang="{DEFAULT}"]) #loading p[lang="{DEFAULT}"] {{ display: none; }}
      #loading i {{ display: block; width: 120px; height: 4px; border-radius: 2px; overflow: hidden;
        background: {LIGHT["primary_container"]}; }}
      #loading i::after {{ content: ""; display: block; width: 40%; height: 100%;
        background: {BRAND}; animation: lsr-loading 1.2s ease-in-out infinite alternate; }}
      @keyframes lsr-loading {{ from {{ transform: translateX(0); }} to {{ transform: translateX(150%); }} }}
      @media (prefers-reduced-motion: reduce) {{ #loading i::after {{ animation: none; width: 100%; }} }}
      @media (prefers-color-scheme: dark) {{
        #loading {{ background: {DARK["surface"]}; color: {DARK["on_surface"]}; }}
        #loading svg {{ fill: {DARK["primary"]}; }}
        #loading p {{ color: {DARK["on_surface_variant"]}; }}
        #loading i {{ background: {DARK["primary_container"]}; }}
        #loading i::after {{ background: {DARK["primary"]}; }}
      }}
    </style>
    {MARK}
    <h1>{APP_NAME}</h1>
    {lines}
    <i></i>
  </div>"""


def script() -> str:
    supported = "[" + ", ".join(f'"{language}"' for language in SUPPORTED) + "]"
    return SCRIPT % {"supported": supported, "default": DEFAULT}


def brand_page(index: Path) -> None:
    """flet-web's loading screen becomes ours; the theme colour and our script go at
    the end of <head> (the script runs before the body is drawn, long before Flutter
    adds any script)."""
    text = index.read_text(encoding="utf-8")
    if len(LOADING_SCREEN.findall(text)) != 1 or text.count("</head>") != 1:
        raise RuntimeError("flet-web's index.html changed: its loading screen "
                           '(<div id="loading">, no <div> inside) or </head> not found once')
    text = LOADING_SCREEN.sub(lambda _: loading_screen(), text)
    theme = (f'<meta name="theme-color" content="{BRAND}" media="(prefers-color-scheme: light)">\n'
             f'  <meta name="theme-color" content="{DARK["surface"]}" media="(prefers-color-scheme: dark)">')
    text = text.replace("</head>", f"  {theme}\n  <script>{script()}</script>\n</head>", 1)
    index.write_text(text, encoding="utf-8")
