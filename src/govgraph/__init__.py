"""govgraph: a knowledge graph of who governs the Internet, and through which forums and processes."""

__version__ = "0.1.0"
