"""What is kept between runs: the person's settings, what the app remembers, the history."""
