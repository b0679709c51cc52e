"""Reports: the report value and one renderer per format."""
