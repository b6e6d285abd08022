"""Built-in plugins. Each sub-package is discovered through the ``junxiu.plugins`` entry
points of this distribution, exactly like a third-party plugin."""
