"""The bridge to BPJS Kesehatan's Antrean web services (docs/bpjs.md), off by default.

Two directions:

* **BPJS → us** (`server.bpjs.ws`): the web service Mobile JKN calls to take a number
  in our queue (channel `mobile_jkn`), read the queue, cancel and check in.
* **Us → BPJS** (Antrol, `server.bpjs.antrol`): every registration of a bridged
  facility (`antrean/add`), each task time 1–7 and 99 as it happens
  (`antrean/updatewaktu`) and cancellations (`antrean/batal`), sent from a durable
  outbox (`server.bpjs.outbox`) that survives a restart.

A facility is bridged when its credentials are in the settings
(`server.bpjs.credentials`, never in the repository) and an administrator turned the
bridge on (`server.bpjs.tables.BridgeRow`); its services and doctors are mapped to
BPJS's poli and doctor codes (`server.bpjs.mapping`).
"""
