"""Cue sound without Qt: what is mixed and written to the sound server.

Sound and voice come in three layers, from what is decided to what is heard:

- stretchdesk.core.play.cues decides which sound and which spoken line each session event
  asks for; it knows nothing of how they are played;
- this package mixes and writes, with the standard library only: mixer.py reads the cue
  WAVs and mixes them into one stream of PCM, and pulse.py writes that stream to
  PulseAudio (or PipeWire's PulseAudio service) through libpulse-simple, from a thread
  of its own;
- stretchdesk.ui is the window's side, in Qt: it hands the cues to an output, which
  plays them through this package (or Qt Multimedia where libpulse is missing) and
  speaks through the speech helper process.

This file imports nothing, so reading the sounds (as the self-test does) never loads
the sound server's library.
"""
