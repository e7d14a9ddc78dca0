"""Short-lived links to a CSV (the dashboard's, the audit trail's), for a browser that
cannot send the staff token in a header (a download opened from the web app is a
plain GET).

The link's token is signed with a key of its own (server.keys.ring), lasts two minutes,
names exactly one file (its purpose and its query: facility, dates, filters) and
carries who asked, so the permission is checked again when it is used, and its
sign-in session (ended by a sign-out, ends the link too). It is not a sign-in: it
opens nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlencode

import jwt

from api_client.models import DownloadLink, Role
from server.keys.ring import Keyring, Purpose
from server.staff.auth import ALGORITHM, Principal, signing_key, unauthorized
from server.staff.principal import staff_from_token, still_signed_in
from server.state import AppState

PURPOSE = "dashboard.csv"
LIFETIME = dt.timedelta(minutes=2)


def signed_link(
    principal: Principal, *, path: str, purpose: str, query: Mapping[str, str], now: dt.datetime,
    keyring: Keyring,
) -> DownloadLink:
    """`path?query&download=…`: the file of `purpose` and exactly this query."""
    expires = now + LIFETIME
    kid, key = keyring.active_key(Purpose.download_link)
    token = jwt.encode(
        {"purpose": purpose, "sub": principal.name, "role": principal.role.value,
         "fac": principal.facility_id, "sid": principal.session_id, "q": _canonical(query),
         "exp": int(expires.timestamp())},
        key, algorithm=ALGORITHM, headers={"kid": kid},
    )
    return DownloadLink(url=f"{path}?{urlencode({**query, 'download': token})}", expires_at=expires)


def principal_from_link(
    token: str, *, purpose: str, query: Mapping[str, str], now: dt.datetime, keyring: Keyring,
) -> Principal:
    """Who made the link, if it is valid, unexpired and for exactly this file."""
    try:
        claims = jwt.decode(token, signing_key(keyring, Purpose.download_link, token),
                            algorithms=[ALGORITHM],
                            options={"verify_exp": False,
                                     "require": ["exp", "sub", "role", "q", "sid"]})
    except jwt.PyJWTError:
        raise unauthorized("the download link is not valid") from None
    if claims.get("purpose") != purpose or claims["q"] != _canonical(query):
        raise unauthorized("the download link is for another file")
    if int(claims["exp"]) <= now.timestamp():
        raise unauthorized("the download link has expired; ask for a new one")
    return Principal(name=claims["sub"], role=Role(claims["role"]), facility_id=claims.get("fac"),
                     session_id=str(claims["sid"]))


def file_principal(
    *, state: AppState, now: dt.datetime, authorization: str | None, download: str | None,
    purpose: str, query: Mapping[str, str],
) -> Principal:
    """Who asks for a file: by the staff token, or by a link's token (its sign-in still open)."""
    if authorization and authorization.lower().startswith("bearer "):
        return staff_from_token(state=state, token=authorization[7:].strip(), now=now)
    if download:
        return still_signed_in(state=state, principal=principal_from_link(
            download, purpose=purpose, query=query, now=now, keyring=state.keyring,
        ))
    raise unauthorized()


def download_link(
    principal: Principal, *, path: str, facility_id: str | None, date_from: dt.date,
    date_to: dt.date, now: dt.datetime, keyring: Keyring,
) -> DownloadLink:
    return signed_link(principal, path=path, purpose=PURPOSE, now=now, keyring=keyring,
                       query=_dashboard_query(facility_id, date_from, date_to))


def principal_from_download(
    token: str, *, facility_id: str | None, date_from: dt.date, date_to: dt.date,
    now: dt.datetime, keyring: Keyring,
) -> Principal:
    """Who made a dashboard link, if it is valid, unexpired and for exactly this CSV."""
    return principal_from_link(token, purpose=PURPOSE, now=now, keyring=keyring,
                               query=_dashboard_query(facility_id, date_from, date_to))


def _dashboard_query(facility_id: str | None, date_from: dt.date, date_to: dt.date) -> dict[str, str]:
    return {"facility_id": facility_id or "all", "from": date_from.isoformat(), "to": date_to.isoformat()}


def _canonical(query: Mapping[str, str]) -> str:
    return urlencode(sorted(query.items()))
