"""What the notebooks show: ipywidgets panels, plots, the course's own source, benchmark results."""
