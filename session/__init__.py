"""The app's bottom floor, under every face: the session kit.

What a screen stands on and never draws itself: the translator and its formats
(`i18n`), the theme, the app's settings, the person's preferences and device storage,
the offline cache, the one clock in Rembang (`rembang_clock`), and the context a face
reads them through; and the hooks every face uses: `use_api` (`loader`), the one live
loop `follow` with `use_task` (`follow`), reading again on live events (`reread`),
the connectivity watch (`connectivity`), the
staff sign-in behind the guard (`staff_session`), and typed wrappers of flet's hooks
(`typed`). It imports only `api_client` and the standard libraries; the
faces (`views/`) and the shared components stand on it, never the other way round.
"""
