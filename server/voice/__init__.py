"""The spoken call of the waiting-room display: one WAV per call, joined from clips."""
