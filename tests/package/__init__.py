"""Tests of the package as a whole: the public API, the installed wheel, the layout of engine/."""
