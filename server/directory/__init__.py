"""The directory as a file: `python -m server.directory export` writes today's
facilities, hours, services, quotas, doctors and extra closures in the seed format
(server/seed/schema.py); `import FILE [--dry-run]` shows and applies the differences
with the rules of the admin screens (server/facilities/edits.py, service_settings.py)."""
