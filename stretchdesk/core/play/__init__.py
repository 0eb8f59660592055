"""Playing a routine: the timeline, the session on an injected clock, the playback that
owns it, the cues it asks for, what is said and shown, and what goes into the history."""
