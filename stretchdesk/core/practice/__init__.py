"""A person's practice in one window: the routine that plays, the history it goes into, the
check-ins around it and what is offered to carry on. The top of the core: it stands on the
views, the playing, the store and the routine, and the window only wires it to pages."""
