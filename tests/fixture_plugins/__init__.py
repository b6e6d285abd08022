"""Small plugins the host tests install through hand-made entry points."""
