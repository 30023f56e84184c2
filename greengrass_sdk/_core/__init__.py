"""Hand-written engine shared by every service; it knows no service by name."""
