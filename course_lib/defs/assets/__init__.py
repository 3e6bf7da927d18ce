"""The lesson's assets: raw files, the DuckDB tables loaded from them, and a weekly metric."""
