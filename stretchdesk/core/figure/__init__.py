"""The figure: a skeleton posed by joint angles, and the one drawing of it that every
renderer paints (the window, the SVG export)."""
