"""The picture of each service on the kiosk: one that means the service to someone who
cannot read its name (a tooth for the dentist, scales for Gizi, a sick child for MTBS,
a baby for the Balita lane is views/kiosk/lane.py's and differs from MTBS's).

One mapping, by the service's code as the seed (server/seed/rembang.yaml) names it; a
service with a code not listed here gets the picture of its kind. Material has no tooth:
Poli Gigi's is an SVG of ours (assets/icons/tooth.svg), drawn in the tile's colour.
"""

from __future__ import annotations

import flet as ft

from api_client.models import Service, ServiceKind

TOOTH = "icons/tooth.svg"  # under assets/

ServiceIcon = ft.IconData | str  # a Material icon, or an SVG under assets/

ICONS_BY_CODE: dict[str, ServiceIcon] = {
    # puskesmas
    "loket": ft.Icons.ASSIGNMENT_IND,  # the registration form
    "poli-umum": ft.Icons.MEDICAL_SERVICES,
    "poli-gigi": TOOTH,
    "kia-kb": ft.Icons.PREGNANT_WOMAN,
    "mtbs": ft.Icons.SICK,  # a sick face with a thermometer (the Balita lane: a baby)
    "gizi": ft.Icons.MONITOR_WEIGHT,  # weighing
    "lab": ft.Icons.BIOTECH,
    "apotek": ft.Icons.MEDICATION,
    "ugd": ft.Icons.EMERGENCY,
    # hospitals
    "igd": ft.Icons.EMERGENCY,
    "farmasi": ft.Icons.MEDICATION,
    "radiologi": ft.Icons.SENSORS,  # the scan
    "penyakit-dalam": ft.Icons.MEDICAL_INFORMATION,
    "kebidanan": ft.Icons.PREGNANT_WOMAN,
    "anak": ft.Icons.CHILD_CARE,
    "bedah-umum": ft.Icons.HEALING,
    "bedah-orthopedi": ft.Icons.PERSONAL_INJURY,
    "bedah-saraf": ft.Icons.PSYCHOLOGY,
    "bedah-mulut": TOOTH,
    "gigi-mulut": TOOTH,
    "saraf": ft.Icons.PSYCHOLOGY,
    "jiwa": ft.Icons.PSYCHOLOGY_ALT,
    "mata": ft.Icons.VISIBILITY,
    "tht-kl": ft.Icons.HEARING,
    "jantung": ft.Icons.MONITOR_HEART,
    "paru": ft.Icons.AIR,
    "kulit-kelamin": ft.Icons.BACK_HAND,
    "urologi": ft.Icons.WATER_DROP,
    "vct": ft.Icons.BLOODTYPE,
    "onkologi": ft.Icons.VOLUNTEER_ACTIVISM,
    "geriatri": ft.Icons.ELDERLY,
    "rehabilitasi-medik": ft.Icons.ACCESSIBLE_FORWARD,
    "gizi-klinik": ft.Icons.MONITOR_WEIGHT,
}
ICONS_BY_KIND: dict[ServiceKind, ServiceIcon] = {
    ServiceKind.loket: ft.Icons.ASSIGNMENT_IND,
    ServiceKind.poli: ft.Icons.MEDICAL_SERVICES,
    ServiceKind.lab: ft.Icons.BIOTECH,
    ServiceKind.apotek: ft.Icons.MEDICATION,
    ServiceKind.ugd: ft.Icons.EMERGENCY,
}


def service_icon(service: Service) -> ServiceIcon:
    return ICONS_BY_CODE.get(service.code) or ICONS_BY_KIND[service.kind]


def icon_control(icon: ServiceIcon, *, size: float, color: str | None = None) -> ft.Control:
    """The picture at `size` px; an SVG takes `color` (a Material icon takes the button's
    colour by itself)."""
    if isinstance(icon, str):
        return ft.Image(src=icon, width=size, height=size, color=color,
                        color_blend_mode=ft.BlendMode.SRC_IN if color else None)
    return ft.Icon(icon, size=size, color=color)
