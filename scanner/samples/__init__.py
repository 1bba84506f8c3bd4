"""Sample card images for the reference cards (contract §5) and camera-like variants of them."""
