"""What the pages and the command line show, worked out as plain data and words: the
preview, the history and progress, the report."""
