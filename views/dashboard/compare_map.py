"""The facilities on a map (flet-map), each marker coloured by the measure picked in a
small dropdown: the poli wait's P90, no-shows, the SKM index, or visits; a legend
says what each colour means. Every marker is named for screen readers (facility and
figure) and opens that facility's dashboard; the table above is the accessible
equivalent of the whole map.

Colours: the waits and no-shows against the attention thresholds (within, over by
up to half, over by more); SKM by its band; visits in four equal steps up to a round
number above the busiest facility.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flet as ft
import flet_map as fm

from api_client.models import AttentionThresholds, Facility, FacilityFigures, SkmBand
from components.heading import Heading
from components.map_tiles import REMBANG, use_map_tiles
from session.context import use_t
from session.i18n import Translator
from views.dashboard import numbers
from views.dashboard.compare import POLI_P90
from views.dashboard.frame import nice_ceiling
from views.dashboard.measures import MEASURE_WORDS, Measure
from views.dashboard.service import BAND_WORDS

MAP_HEIGHT = 420
PAGE_FRIENDLY = fm.InteractionFlag.ALL & ~fm.InteractionFlag.SCROLL_WHEEL_ZOOM
NO_DATA = "#9E9E9E"
WITHIN, OVER, FAR_OVER = "#2E7D32", "#EF6C00", "#C62828"
BAND_COLORS = {SkmBand.A: "#1B5E20", SkmBand.B: "#43A047", SkmBand.C: "#EF6C00", SkmBand.D: "#C62828"}
VISIT_COLORS = ("#90CAF9", "#42A5F5", "#1565C0", "#0D2F6B")


Legend = list[tuple[str, str]]  # (colour, words)


@dataclass(frozen=True)
class Scale:
    """The legend (colour, words) and the colour and words of each facility's figure."""

    legend: Legend
    color: Callable[[FacilityFigures], str]
    figure: Callable[[FacilityFigures], str]


def _against(
    limit: float, value: Callable[[FacilityFigures], float | None], words: Callable[[float | None], str],
) -> tuple[Legend, Callable[[FacilityFigures], str]]:
    far = limit * 1.5

    def color(row: FacilityFigures) -> str:
        v = value(row)
        return NO_DATA if v is None else WITHIN if v <= limit else OVER if v <= far else FAR_OVER

    return [(WITHIN, f"≤ {words(limit)}"), (OVER, f"{words(limit)} – {words(far)}"),
            (FAR_OVER, f"> {words(far)}")], color


def scale(
    t: Translator, measure: Measure, limits: AttentionThresholds, rows: list[FacilityFigures],
) -> Scale:
    _ = t.gettext
    no_data = (NO_DATA, _("Belum ada data"))
    if measure is Measure.poli_p90:
        legend, color = _against(limits.poli_wait_p90_minutes, POLI_P90, lambda v: numbers.minutes(t, v))
        return Scale([*legend, no_data], color, lambda r: numbers.minutes(t, POLI_P90(r)))
    if measure is Measure.no_show:
        legend, color = _against(limits.no_show_percent, lambda r: r.no_show_rate,
                                 lambda v: numbers.percent(t, v))
        return Scale([*legend, no_data], color, lambda r: numbers.percent(t, r.no_show_rate))
    if measure is Measure.skm:
        return Scale(
            [(BAND_COLORS[b], f"{b} ({_(BAND_WORDS[b])})") for b in SkmBand] + [no_data],
            lambda r: BAND_COLORS[r.skm_band] if r.skm_band else NO_DATA,
            lambda r: f"{numbers.skm_index(t, r.skm_index)} ({r.skm_band})" if r.skm_band else numbers.NONE,
        )
    top = nice_ceiling(max((r.visits for r in rows), default=0))
    step = top / len(VISIT_COLORS)
    edges = [round(step * i) for i in range(len(VISIT_COLORS) + 1)]
    return Scale(
        [(c, f"{numbers.count(t, edges[i])} – {numbers.count(t, edges[i + 1])}")
         for i, c in enumerate(VISIT_COLORS)],
        lambda r: VISIT_COLORS[min(len(VISIT_COLORS) - 1, int(r.visits // step))],
        lambda r: numbers.count(t, r.visits),
    )


@ft.component
def ComparisonMap(
    rows: list[FacilityFigures], facilities: list[Facility], limits: AttentionThresholds,
    on_open: Callable[[str], None],
) -> ft.Control:
    t = use_t()
    _ = t.gettext
    measure, set_measure = ft.use_state(Measure.poli_p90)
    tiles, attribution, tiles_note = use_map_tiles()
    colours = scale(t, measure, limits, rows)
    where = {f.id: f for f in facilities}
    measure_name = _(MEASURE_WORDS[measure])

    def marker(row: FacilityFigures) -> fm.Marker:
        assert row.facility_id is not None
        facility_id, place = row.facility_id, where[row.facility_id]
        label = f"{row.facility_name}: {measure_name} {colours.figure(row)}"
        return fm.Marker(
            coordinates=fm.MapLatitudeLongitude(place.lat, place.lon), width=44, height=44,
            content=ft.Semantics(identifier=f"compare-marker-{facility_id}", content=ft.IconButton(
                ft.Icon(ft.Icons.LOCATION_ON, color=colours.color(row), size=34, semantics_label=label),
                tooltip=label, on_click=lambda: on_open(facility_id),
            )),
        )

    markers = [marker(r) for r in rows if r.facility_id in where]
    points = [m.coordinates for m in markers]
    the_map = fm.Map(
        height=MAP_HEIGHT, initial_center=REMBANG, initial_zoom=10,
        initial_camera_fit=fm.CameraFit(coordinates=points, padding=ft.Padding.all(48), max_zoom=12)
        if len(points) > 1 else None,
        layers=[tiles, fm.MarkerLayer(markers=markers), attribution],
        # The wheel scrolls the page past the map; zoom with the double tap or a pinch.
        interaction_configuration=fm.InteractionConfiguration(flags=PAGE_FRIENDLY),
    )
    picker = ft.Semantics(identifier="compare-map-measure", content=ft.Dropdown(
        label=_("Warna menurut"), value=measure.value, width=260,
        options=[ft.DropdownOption(key=m.value, text=_(MEASURE_WORDS[m])) for m in Measure],
        on_select=lambda e: set_measure(Measure(e.control.value or Measure.poli_p90.value)),
    ))
    legend = ft.Semantics(identifier="compare-map-legend", container=True, content=ft.Column([
        ft.Text(measure_name, theme_style=ft.TextThemeStyle.TITLE_SMALL, weight=ft.FontWeight.BOLD),
        *(ft.Row([ft.Icon(ft.Icons.LOCATION_ON, color=colour, size=22), ft.Text(words)], spacing=6)
          for colour, words in colours.legend),
    ], spacing=4))
    side = ft.Column([picker, legend, *([tiles_note] if tiles_note is not None else [])], spacing=16)
    return ft.Semantics(identifier="compare-map", container=True, content=ft.Card(content=ft.Container(
        padding=16, content=ft.Column([
            Heading(_("Peta faskes")),
            ft.Text(_("Warna penanda menurut ukuran yang dipilih; angkanya ada di tabel di atas. "
                      "Ketuk penanda untuk membuka dasbor faskes itu."),
                    theme_style=ft.TextThemeStyle.BODY_MEDIUM, color=ft.Colors.ON_SURFACE_VARIANT),
            ft.ResponsiveRow([
                ft.Container(content=ft.Semantics(label=_("Peta faskes menurut {measure}").format(
                    measure=measure_name), content=ft.Container(
                        the_map, border_radius=12, clip_behavior=ft.ClipBehavior.HARD_EDGE)),
                    col={"xs": 12, "md": 8}),
                ft.Container(content=side, col={"xs": 12, "md": 4}),
            ], spacing=16, run_spacing=12, vertical_alignment=ft.CrossAxisAlignment.START),
        ], spacing=8),
    )))
