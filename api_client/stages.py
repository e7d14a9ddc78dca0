"""Where a patient goes next: the kinds of service that may follow a stage of a visit.

One rule for both sides, like `api_client.identity`: the service refuses a transfer
that breaks it (`transfer_target_invalid`), and the console offers only what it allows.

- from the loket to a poli, the UGD, the lab or the apotek;
- from a poli to the lab, the apotek or another poli;
- from the UGD to the lab, the apotek or a poli;
- from the lab back to a poli (the results are read there) or to the apotek;
- from the apotek nowhere: the visit ends there.

Never back to the same service, and never back to the loket.
"""

from __future__ import annotations

from collections.abc import Iterable

from api_client.models import Service, ServiceKind

NEXT_KINDS: dict[ServiceKind, tuple[ServiceKind, ...]] = {
    ServiceKind.loket: (ServiceKind.poli, ServiceKind.ugd, ServiceKind.lab, ServiceKind.apotek),
    ServiceKind.poli: (ServiceKind.lab, ServiceKind.apotek, ServiceKind.poli),
    ServiceKind.ugd: (ServiceKind.lab, ServiceKind.apotek, ServiceKind.poli),
    ServiceKind.lab: (ServiceKind.poli, ServiceKind.apotek),
    ServiceKind.apotek: (),
}


def may_follow(source: ServiceKind, target: ServiceKind) -> bool:
    """Whether a `target` service may be a visit's next stage after a `source` one."""
    return target in NEXT_KINDS[source]


def next_stages(source: Service, services: Iterable[Service]) -> list[Service]:
    """The services of `services` a patient at `source` may be sent on to, in the
    facility's own order (the order the console numbers them 1–9)."""
    return [s for s in services if s.id != source.id and may_follow(source.kind, s.kind)]
