"""What leaves the window other than pixels: sound, speech, the PDF report, the desktop's
screen-saver service."""
