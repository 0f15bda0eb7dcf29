"""The optional compiled word reader (pipeline/ingest/_words.c).  Where no C compiler is
found the build goes on without it and papertrail reads words in Python: the same words,
more slowly."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("pipeline.ingest._words", ["pipeline/ingest/_words.c"], optional=True)])
