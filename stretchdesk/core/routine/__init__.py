"""A routine: the file format and its loading, the library of routine files, the pose
library their steps name, and the problems a file can have."""
