"""Base: the package version, which every report names."""

__version__ = "0.1.0"
