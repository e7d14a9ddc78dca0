"""The queue: one domain, from a booking to the last counter, with one-way floors
(a file imports only files of its floor or below; tests/domain/test_server_floors.py):

1. `tables`, `rules` (numbering, the priority rule, BPJS task ids), `estimate` (who
   is ahead and the range of the call), `codes` (booking codes), `arrival` (the self
   check-in distance rule);
2. `allocation` (numbers and quotas), `limits` (per phone and NIK), `task_times`,
   `events` (what a step tells the live streams; stored by `server.events`);
3. `tickets` (reading the queue: place, pace, state), `answers` (the one builder of
   a ticket's and a booking's answer), `window` (bookable days);
4. `intake` (checking a request for a number), `bookings` (by code: read, check in,
   cancel), `issue` (numbers issued in a transaction), `actions` (staff steps),
   `exceptions` (the day's exceptions: a number out of turn, a returned no-show, the
   lane, a counter's break);
5. `group_commit` (many bookings, one transaction);
6. `booking_router`, `router` (the HTTP routes).
"""
