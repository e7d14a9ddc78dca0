"""The spoken call as audio: `GET /voice/call?display_number=A-012&service_id=5&counter=Loket%202`
answers an `audio/wav` of "Nomor antrean A dua belas, silakan menuju loket dua".

The sentence is built by `server.voice.announcer` from the clips in `assets/voice/id/`
(replaceable by human recordings of the same names; a restart picks them up). The
same inputs always give the same bytes, so the answer may be cached.
"""

from __future__ import annotations

import functools
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api_client.models import ErrorCode, FieldError
from server.deps import ServiceDep
from server.errors import ApiProblem, documented
from server.voice.announcer import announcement_clips, available_clips, join_clips

router = APIRouter(tags=["voice"], responses=documented(404, 422))

DisplayNumber = Annotated[str, Query(
    pattern=r"^[A-Z]{1,3}-\d{1,3}$", description="the number called, e.g. 'A-012' (0 to 999)",
)]
Counter = Annotated[str | None, Query(
    max_length=40, description="where to go, e.g. 'Loket 2'; the service's name when left out",
)]


@functools.cache
def _clips() -> frozenset[str]:
    return frozenset(available_clips())


@functools.lru_cache(maxsize=256)
def _joined(clips: tuple[str, ...]) -> bytes:
    return join_clips(clips)


@router.get(
    "/voice/call",
    response_class=Response,
    responses={200: {"content": {"audio/wav": {}}, "description": "the spoken call"}},
)
def spoken_call(
    service: ServiceDep, display_number: DisplayNumber, counter: Counter = None,
) -> Response:
    """The spoken call of one number, in Indonesian, as one WAV (mono, 16 kHz)."""
    prefix = display_number.partition("-")[0]
    if prefix != service.prefix:
        pattern = rf"^{service.prefix}-\d{{1,3}}$"
        message = f"display_number {display_number!r} is not a number of service {service.id} " \
                  f"(its numbers look like {service.prefix}-012)"
        raise ApiProblem(422, ErrorCode.validation_failed, message, fields=[FieldError(
            field="display_number", code="string_pattern_mismatch", message=message,
            params={"pattern": pattern},
        )])
    clips = announcement_clips(
        display_number, service_name=service.name, counter=counter, available=set(_clips()),
    )
    return Response(
        content=_joined(tuple(clips)),
        media_type="audio/wav",
        headers={
            "Cache-Control": "public, max-age=86400",
            # A display app served from another origin (a mini-PC) may play it too.
            "Cross-Origin-Resource-Policy": "cross-origin",
        },
    )
