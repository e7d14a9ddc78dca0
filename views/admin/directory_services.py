"""The services part of the directory desk: each service with its prefix, online and
walk-in, its settings in force today and those ahead; a form that changes its name,
prefix, online and walk-in at once, and its quotas per weekday, average minutes and
counters from a chosen date (or makes a new service)."""

from __future__ import annotations

import datetime as dt

import flet as ft

from api_client.models import ServiceAdmin, ServiceKind, ServiceSettingsVersion
from components.facility_hours import weekday_name
from session.i18n import N_, Translator
from views.admin.directory_facility import field_error
from views.admin.directory_model import POOLS, DirectoryDesk

POOL_LABELS = {"quota_jkn": N_("Kuota JKN"), "quota_non_jkn": N_("Kuota non-JKN"),
               "quota_walkin": N_("Kuota datang langsung")}
KIND_LABELS = {ServiceKind.loket: N_("Loket"), ServiceKind.poli: N_("Poli"), ServiceKind.lab: N_("Lab"),
               ServiceKind.apotek: N_("Apotek"), ServiceKind.ugd: N_("UGD")}


def services_panel(t: Translator, desk: DirectoryDesk) -> ft.Control:
    _ = t.gettext
    assert desk.data is not None
    rows: list[ft.Control] = [ft.Row(spacing=8, controls=[
        ft.Text(_("Daftar layanan"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD,
                expand=True),
        ft.Semantics(identifier="service-new", content=ft.OutlinedButton(
            _("Tambah layanan"), icon=ft.Icons.ADD, height=40, disabled=desk.busy,
            on_click=desk.new_service)),
    ])]
    rows += [service_row(t, desk, s) for s in desk.data.services]
    return ft.Column(rows, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def version_text(t: Translator, v: ServiceSettingsVersion, today: dt.date) -> str:
    """Since when, minutes and counters; the quotas themselves are in `quota_week`."""
    _ = t.gettext
    since = (_("Berlaku sekarang") if v.effective_from <= today
             else _("Mulai {date}").format(date=t.format_date(v.effective_from, "full")))
    return _("{since}: {minutes} menit per pasien; {counters}").format(
        since=since, minutes=t.format_number(v.avg_service_minutes),
        counters=", ".join(v.counters) if v.counters else _("loket/ruang belum diisi"),
    )


def _pools(t: Translator, v: ServiceSettingsVersion) -> list[tuple[str, list[int]]]:
    return [(t.gettext(POOL_LABELS[pool]), values) for pool, values in (
        ("quota_jkn", v.quota_jkn), ("quota_non_jkn", v.quota_non_jkn), ("quota_walkin", v.quota_walkin))]


def _days(t: Translator) -> list[str]:
    return [weekday_name(t, d)[:3] for d in range(7)]


def quota_words(t: Translator, v: ServiceSettingsVersion) -> str:
    """What a screen reader says for `quota_week`: each number with its day."""
    return "; ".join(f"{label}: " + ", ".join(f"{d} {n}" for d, n in zip(_days(t), values, strict=True))
                     for label, values in _pools(t, v))


def version_line(t: Translator, v: ServiceSettingsVersion, today: dt.date) -> ft.Control:
    text = version_text(t, v, today)
    return ft.Text(text, theme_style=ft.TextThemeStyle.BODY_SMALL,
                   semantics_label=f"{text}. {quota_words(t, v)}")


def quota_week(t: Translator, v: ServiceSettingsVersion) -> ft.Control:
    """The three quotas of a version under their weekdays (Sen … Min), a row each (heard
    with its version's line, `version_line`)."""
    small = ft.TextThemeStyle.BODY_SMALL
    days, pools = _days(t), _pools(t, v)

    def cells(values: list[str], bold: bool = False) -> list[ft.Control]:
        return [ft.Text(value, width=34, text_align=ft.TextAlign.RIGHT, theme_style=small,
                        weight=ft.FontWeight.BOLD if bold else None) for value in values]

    rows: list[ft.Control] = [ft.Row([ft.Container(width=116), *cells(days, bold=True)], spacing=4)]
    rows += [ft.Row([ft.Text(label, width=116, theme_style=small), *cells([str(n) for n in values])],
                    spacing=4) for label, values in pools]
    return ft.Semantics(exclude_semantics=True, content=ft.Row(
        [ft.Column(rows, spacing=2)], scroll=ft.ScrollMode.AUTO))


def service_row(t: Translator, desk: DirectoryDesk, service: ServiceAdmin) -> ft.Control:
    _ = t.gettext
    ways = [w for w, on in ((_("online"), service.online), (_("datang langsung"), service.walkin)) if on]
    title = f"{service.prefix} · {service.name}"

    async def toggle() -> None:
        await desk.set_disabled(service, not service.disabled)

    lines: list[ft.Control] = [
        ft.Row(spacing=8, controls=[
            ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_SMALL, weight=ft.FontWeight.BOLD, expand=True),
            ft.Text(_("Nonaktif") if service.disabled else ", ".join(ways) or _("tidak ditawarkan"),
                    color=ft.Colors.ERROR if service.disabled else None),
        ]),
        *[part for v in service.settings for part in (
            version_line(t, v, desk.today), quota_week(t, v),
        )],
        ft.Row(spacing=8, controls=[
            ft.Semantics(identifier=f"service-edit-{service.id}", content=ft.OutlinedButton(
                _("Ubah"), icon=ft.Icons.EDIT, height=40, disabled=desk.busy,
                on_click=lambda: desk.open_service(service))),
            ft.Semantics(identifier=f"service-disable-{service.id}", content=ft.OutlinedButton(
                _("Aktifkan lagi") if service.disabled else _("Nonaktifkan"),
                icon=ft.Icons.PLAY_ARROW if service.disabled else ft.Icons.BLOCK, height=40,
                disabled=desk.busy, on_click=toggle)),
        ]),
    ]
    chosen = desk.form is not None and desk.form.service_id == service.id
    return ft.Semantics(identifier=f"service-row-{service.id}", selected=chosen, content=ft.Card(
        content=ft.Container(ft.Column(lines, spacing=6), padding=12,
                             opacity=0.6 if service.disabled else 1)))


def service_form(t: Translator, page: ft.Page, desk: DirectoryDesk) -> ft.Control:
    """A plain function of the desk (only the section follows the desk)."""
    _ = t.gettext
    form = desk.form
    assert form is not None
    new = form.service_id is None

    def text(name: str, label: str, value: str, width: int, attr: str | None = None) -> ft.Control:
        """`name`: the service's field (its errors); `attr`: the form's, when it differs."""
        return ft.Semantics(identifier=f"form-{name}", content=ft.TextField(
            label=label, value=value, dense=True, width=width, error=field_error(t, desk, name),
            on_change=lambda e: desk.set_form(**{attr or name: e.control.value})))

    def pick_date() -> None:
        def chosen(e: ft.Event[ft.DatePicker]) -> None:
            value = e.control.value
            if isinstance(value, dt.datetime):
                desk.set_form(effective_from=value.date())

        page.show_dialog(ft.DatePicker(
            value=dt.datetime.combine(form.effective_from, dt.time()),
            first_date=dt.datetime.combine(desk.today, dt.time()),
            last_date=dt.datetime.combine(desk.today + dt.timedelta(days=366), dt.time()),
            help_text=_("Berlaku mulai"), on_change=chosen,
        ))

    controls: list[ft.Control] = [ft.Text(
        _("Layanan baru") if new else _("Ubah {name}").format(name=form.name),
        theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD)]
    identity: list[ft.Control] = [text("name", _("Nama layanan"), form.name, 260),
                                  text("prefix", _("Huruf antrean"), form.prefix, 120)]
    if new:
        identity += [text("code", _("Kode (huruf kecil, tanpa spasi)"), form.code, 220),
                     ft.Semantics(identifier="form-kind", content=ft.Dropdown(
                         label=_("Jenis"), value=form.kind.value, width=160,
                         options=[ft.DropdownOption(key=k.value, text=_(v))
                                  for k, v in KIND_LABELS.items()],
                         on_select=lambda e: desk.set_form(kind=ServiceKind(e.control.value))))]
    identity += [
        ft.Semantics(identifier="form-online", content=ft.Checkbox(
            label=_("Bisa dipesan online"), value=form.online,
            on_change=lambda e: desk.set_form(online=bool(e.control.value)))),
        ft.Semantics(identifier="form-walkin", content=ft.Checkbox(
            label=_("Menerima pasien datang langsung"), value=form.walkin,
            on_change=lambda e: desk.set_form(walkin=bool(e.control.value)))),
    ]
    controls.append(ft.Row(identity, spacing=12, wrap=True, run_spacing=8))
    if not new:
        controls.append(ft.Row([ft.Semantics(identifier="form-save-service", content=ft.FilledTonalButton(
            _("Simpan nama dan huruf antrean"), icon=ft.Icons.SAVE, height=44, disabled=desk.busy,
            on_click=desk.save_service))]))
        controls.append(ft.Divider())
        controls.append(ft.Column(spacing=4, controls=[
            ft.Semantics(identifier="form-effective-from", content=ft.OutlinedButton(
                _("Kuota berlaku mulai {date}").format(date=t.format_date(form.effective_from, "full")),
                icon=ft.Icons.CALENDAR_MONTH, height=44, on_click=pick_date)),
            *([ft.Text(e, color=ft.Colors.ERROR)] if (e := field_error(t, desk, "effective_from")) else []),
            ft.Text(_("Nomor yang sudah diberikan tidak berubah. Kuota tidak bisa diturunkan di bawah "
                      "jumlah yang sudah dipesan pada hari itu."), theme_style=ft.TextThemeStyle.BODY_SMALL),
        ]))
    controls.append(quota_grid(t, desk))
    controls.append(ft.Row(spacing=12, wrap=True, controls=[
        text("avg_service_minutes", _("Menit per pasien"), form.minutes, 160, attr="minutes"),
        ft.Semantics(identifier="form-counters", content=ft.TextField(
            label=_("Loket atau ruang (pisahkan dengan koma)"), value=form.counters, dense=True, width=360,
            error=next((field_error(t, desk, k) for k in desk.field_errors if k.startswith("counters")),
                       None),
            on_change=lambda e: desk.set_form(counters=e.control.value))),
    ]))
    controls.append(ft.Row(spacing=8, controls=[
        ft.Semantics(identifier="form-save", content=ft.FilledButton(
            _("Tambah layanan") if new else _("Simpan kuota"), icon=ft.Icons.SAVE, height=44,
            disabled=desk.busy, on_click=desk.create_service if new else desk.save_settings)),
        ft.Semantics(identifier="form-close", content=ft.TextButton(
            _("Tutup"), height=44, disabled=desk.busy, on_click=desk.close_form)),
    ]))
    return ft.Card(content=ft.Container(ft.Column(controls, spacing=12), padding=16))


def quota_grid(t: Translator, desk: DirectoryDesk) -> ft.Control:
    """Three rows of seven: the quotas per weekday, each with its own error (a day
    already booked beyond the new quota says the date and the count)."""
    _ = t.gettext
    form = desk.form
    assert form is not None
    rows: list[ft.Control] = []
    errors: list[str] = []
    for pool in POOLS:
        cells: list[ft.Control] = []
        for d in range(7):
            error = field_error(t, desk, f"{pool}.{d}")
            if error:
                errors.append(f"{_(POOL_LABELS[pool])}, {weekday_name(t, d)}: {error}")

            def typed(e: ft.Event[ft.TextField], pool: str = pool, d: int = d) -> None:
                desk.set_quota(pool, d, e.control.value)

            cells.append(ft.Semantics(identifier=f"quota-{pool}-{d}", content=ft.TextField(
                value=form.quotas[pool][d], width=72, dense=True, text_align=ft.TextAlign.RIGHT,
                keyboard_type=ft.KeyboardType.NUMBER,
                label=weekday_name(t, d)[:3], on_change=typed)))
        rows.append(ft.Column([ft.Text(_(POOL_LABELS[pool]), theme_style=ft.TextThemeStyle.LABEL_LARGE),
                               ft.Row(cells, spacing=6, run_spacing=6, wrap=True)], spacing=4))
    if errors:
        rows.append(ft.Semantics(identifier="quota-errors", content=ft.Column(
            [ft.Text(e, color=ft.Colors.ERROR) for e in errors], spacing=2)))
    return ft.Column(rows, spacing=8)
