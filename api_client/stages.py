"""Where a patient goes next: the kinds of service that may follow a stage of a visit.

One rule for both sides, like `api_client.identity`: the service refuses a transfer
that breaks it (`transfer_target_invalid`), and the console offers only what it allows.

- from the loket to a poli, the UGD, the lab or the apotek;
- from a poli to the apotek, the lab or another poli;
- from the UGD to the apotek, the lab or a poli;
- from the lab back to a poli (the results are read there) or to the apotek;
- from the apotek nowhere: the visit ends there.

Never back to the same service, and never back to the loket. The console lists them in
this order (the most usual next stage first, so it keeps the key 1), each kind's
services in the facility's order.
"""

from __future__ import annotations

from collections.abc import Iterable

from api_client.models import Service, ServiceKind

NEXT_KINDS: dict[ServiceKind, tuple[ServiceKind, ...]] = {
    ServiceKind.loket: (ServiceKind.poli, ServiceKind.ugd, ServiceKind.lab, ServiceKind.apotek),
    ServiceKind.poli: (ServiceKind.apotek, ServiceKind.lab, ServiceKind.poli),
    ServiceKind.ugd: (ServiceKind.apotek, ServiceKind.lab, ServiceKind.poli),
    ServiceKind.lab: (ServiceKind.poli, ServiceKind.apotek),
    ServiceKind.apotek: (),
}


def may_follow(source: ServiceKind, target: ServiceKind) -> bool:
    """Whether a `target` service may be a visit's next stage after a `source` one."""
    return target in NEXT_KINDS[source]


def next_stages(source: Service, services: Iterable[Service]) -> list[Service]:
    """The services of `services` a patient at `source` may be sent on to, in the order
    the console numbers them 1–9: by `NEXT_KINDS`, then in the facility's order."""
    order = NEXT_KINDS[source.kind]
    onward = [s for s in services if s.id != source.id and may_follow(source.kind, s.kind)]
    return sorted(onward, key=lambda s: order.index(s.kind))
