"""Keys: derived from the one secret per purpose and generation (`ring`), rotated
while the service runs (`rotation`, `python -m server.keys rotate`)."""
