"""Pages of the "Учет" application; thin: they read selectors and call services."""
