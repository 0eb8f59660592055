"""The pieces pages are made of: the countdown ring, the figure, plain text from files, the
theme."""
