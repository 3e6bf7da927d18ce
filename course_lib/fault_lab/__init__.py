"""Break things on purpose (a damaged month file) and start the course over."""
