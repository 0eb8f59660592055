"""The figure: a body in space posed by its joints' angles (body.py), seen by a camera
(camera.py) and drawn once for every renderer (drawing.py: the window, the SVG export); the
pose at each moment of a step (motion.py); poses in format 1's flat form, still read (format1.py)."""
