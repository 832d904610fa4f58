"""Chronicle: a sourced record of political prosecutions and protests."""
__version__ = "0.1.0"
