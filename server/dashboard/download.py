"""Short-lived links to the dashboard's CSV, for a browser that cannot send the
staff token in a header (a download opened from the web app is a plain GET).

The link's token is signed with a key of its own (server.keys.ring), lasts two minutes, names
exactly one CSV (facility and dates) and carries who asked, so the permission is
checked again when it is used, and its sign-in session (ended by a sign-out, ends
the link too). It is not a sign-in: it opens nothing else.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import jwt

from api_client.models import DownloadLink, Role
from server.keys.ring import Keyring, Purpose
from server.staff.auth import ALGORITHM, Principal, signing_key, unauthorized

PURPOSE = "dashboard.csv"
LIFETIME = dt.timedelta(minutes=2)


def download_link(
    principal: Principal, *, path: str, facility_id: str | None, date_from: dt.date,
    date_to: dt.date, now: dt.datetime, keyring: Keyring,
) -> DownloadLink:
    expires = now + LIFETIME
    kid, key = keyring.active_key(Purpose.download_link)
    token = jwt.encode(
        {"purpose": PURPOSE, "sub": principal.name, "role": principal.role.value,
         "fac": principal.facility_id, "sid": principal.session_id,
         "q": _query(facility_id, date_from, date_to),
         "exp": int(expires.timestamp())},
        key, algorithm=ALGORITHM, headers={"kid": kid},
    )
    query = {"facility_id": facility_id or "all", "from": date_from.isoformat(),
             "to": date_to.isoformat(), "download": token}
    return DownloadLink(url=f"{path}?{urlencode(query)}", expires_at=expires)


def principal_from_download(
    token: str, *, facility_id: str | None, date_from: dt.date, date_to: dt.date,
    now: dt.datetime, keyring: Keyring,
) -> Principal:
    """Who made the link, if it is valid, unexpired and for exactly this CSV."""
    try:
        claims = jwt.decode(token, signing_key(keyring, Purpose.download_link, token),
                            algorithms=[ALGORITHM],
                            options={"verify_exp": False,
                                     "require": ["exp", "sub", "role", "q", "sid"]})
    except jwt.PyJWTError:
        raise unauthorized("the download link is not valid") from None
    if claims.get("purpose") != PURPOSE or claims["q"] != _query(facility_id, date_from, date_to):
        raise unauthorized("the download link is for another file")
    if int(claims["exp"]) <= now.timestamp():
        raise unauthorized("the download link has expired; ask for a new one")
    return Principal(name=claims["sub"], role=Role(claims["role"]), facility_id=claims.get("fac"),
                     session_id=str(claims["sid"]))


def _query(facility_id: str | None, date_from: dt.date, date_to: dt.date) -> str:
    return f"{facility_id or 'all'}|{date_from.isoformat()}|{date_to.isoformat()}"
