"""Dependencies handed down the component tree (no module-level globals)."""

from __future__ import annotations

import flet as ft

ApiContext = ft.create_context(None)
