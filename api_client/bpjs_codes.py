"""The codes BPJS gives a facility's polis and doctors (from HFIS, BPJS's own registry
of facilities, polis and doctors; the Antrol reference `ref/poli` and `ref/dokter`
list them), as an administrator types them on the BPJS page.

- `kodepoli`: three upper-case letters or digits: "INT" (penyakit dalam), "ANA" (anak),
  "001" (poli umum of a puskesmas). Every code in the public catalogue's examples and
  in the public client libraries has three characters; typed in lower case, it is
  upper-cased.
- `kodedokter`: a positive whole number ("34050").

Each check raises ``PydanticCustomError(code, message, ctx)``; the code is the error's
``type`` and the app has a sentence for it (session/i18n.py). Pure Python: the app
checks a field before sending it, the service checks it again.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

POLI_CODE = re.compile(r"[A-Z0-9]{3}")
DOCTOR_CODE_MAX = 2**31 - 1  # the column is an INTEGER
BPJS_POLI_CODE = "bpjs_poli_code"
BPJS_DOCTOR_CODE = "bpjs_doctor_code"


def normalize_poli_code(value: object) -> str:
    """" int " → "INT"; anything but three letters or digits is refused. ASCII before
    upper-casing: "ınt" (a dotless ı) or "ßa" would otherwise become "INT" or "SSA"."""
    text = value.strip().upper() if isinstance(value, str) and value.isascii() else ""
    if not POLI_CODE.fullmatch(text):
        raise PydanticCustomError(
            BPJS_POLI_CODE,
            "a BPJS poli code is 3 letters or digits (e.g. INT, ANA, 001), got '{value}'",
            {"value": str(value)[:20]},
        )
    return text


def normalize_doctor_code(value: object) -> int:
    """12345 or " 12345 " → 12345; zero, a negative number, a fraction or letters are refused."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= DOCTOR_CODE_MAX:
        raise PydanticCustomError(
            BPJS_DOCTOR_CODE,
            "a BPJS doctor code is a whole number from 1 to {max}, got '{value}'",
            {"value": str(value)[:20], "max": DOCTOR_CODE_MAX},
        )
    return value


PoliCode = Annotated[str, BeforeValidator(normalize_poli_code)]
DoctorCode = Annotated[int, BeforeValidator(normalize_doctor_code)]
